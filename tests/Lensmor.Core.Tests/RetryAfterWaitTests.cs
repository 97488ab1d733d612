using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// Retry-After itself (issue 13): a 429 after normal answers, from a server whose limit the client has already
/// learned, is retried no sooner than Retry-After asks. The wait is read from the sandbox's request log (when
/// each request arrived, on a monotonic clock), with no upper bound: a loaded machine may only make it longer.
/// </summary>
public class RetryAfterWaitTests
{
    private const string BalanceRoute = "/external/credits/balance";

    [Fact]
    public async Task A_429_with_Retry_After_3_after_normal_answers_is_sent_again_only_after_3_seconds()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        for (var i = 0; i < 3; i++)
        {
            await BalanceOperation.GetAsync(session, RecordingHost.Yes());
        }

        server.Faults.Add(new SandboxFault("GET", "^" + BalanceRoute + "$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 3 });
        var host = RecordingHost.Yes();
        var balance = await BalanceOperation.GetAsync(session, host);

        Assert.Equal(30_050m, balance.TotalBalance);
        var log = server.Requests.All.Where(r => r.Path == BalanceRoute).OrderBy(r => r.ReceivedAt).ToList();
        Assert.Equal(new[] { 200, 200, 200, 429, 200 }, log.Select(r => r.StatusCode));
        var waited = log[4].ReceivedAt - log[3].ReceivedAt;

        // Timers may fire a tick early; the client waited from the moment it read the 429, after the server received it.
        Assert.True(waited >= TimeSpan.FromSeconds(2.95), $"the request was sent again {waited.TotalSeconds:0.000} s after the 429 arrived");
        Assert.Contains(host.Verbose, v => v.Contains("waiting 3.0 s as Retry-After asks"));
    }
}
