using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// Pace's two leftovers of issue 13, settled in the one retry policy: a 429 holds every request on the key for its
/// Retry-After whether or not the request that met it is sent again, and that hold is the only wait before its
/// retry (the client no longer pauses on its own and then queues behind the hold again). Waits are read from the
/// sandbox's request log with lower bounds only: a loaded machine can only make them longer.
/// </summary>
public class RateLimitHoldTests
{
    private const string BalanceRoute = "/external/credits/balance";

    private static LensmorSession Session(SandboxServer server, int maxRetries) =>
        new(ApiKey.Parse(server.ApiKey, ApiKeySource.Parameter), new LensmorConnectionOptions
        {
            BaseUri = server.BaseUri.ToString(),
            Retry = new RetrySettings { MaxRetries = maxRetries, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
        });

    [Fact]
    public async Task A_429_that_is_not_retried_still_holds_the_next_request_on_the_same_key_for_its_Retry_After()
    {
        await using var server = await TestSandbox.StartAsync();
        using var once = Session(server, maxRetries: 0);
        using var other = Session(server, maxRetries: 3);
        server.Faults.Add(new SandboxFault("GET", "^" + BalanceRoute + "$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 2 });

        var error = await Assert.ThrowsAsync<LensmorException>(() => BalanceOperation.GetAsync(once, RecordingHost.Yes()));
        var host = RecordingHost.Yes();
        await BalanceOperation.GetAsync(other, host);

        Assert.Equal(ErrorIds.RateLimited, error.ErrorId);
        var log = server.Requests.All.Where(r => r.Path == BalanceRoute).OrderBy(r => r.ReceivedAt).ToList();
        Assert.Equal(new[] { 429, 200 }, log.Select(r => r.StatusCode));
        var held = log[1].ReceivedAt - log[0].ReceivedAt;
        Assert.True(held >= TimeSpan.FromSeconds(1.95), $"the next request on the key was sent {held.TotalSeconds:0.000} s after the 429");

        // The other session felt the hold as a rate-limit wait, shown as progress that ends.
        Assert.Contains(host.Progress, p => p.ActivityId == RateModel.ProgressActivityId && !p.Completed);
        Assert.Contains(host.Progress, p => p.ActivityId == RateModel.ProgressActivityId && p.Completed);
    }

    [Fact]
    public async Task The_retry_after_a_429_waits_once_as_the_key_is_held_and_says_so_once()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.Faults.Add(new SandboxFault("GET", "^" + BalanceRoute + "$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 2 });
        var host = RecordingHost.Yes();

        var balance = await BalanceOperation.GetAsync(session, host);

        Assert.Equal(30_050m, balance.TotalBalance);
        var log = server.Requests.All.Where(r => r.Path == BalanceRoute).OrderBy(r => r.ReceivedAt).ToList();
        Assert.Equal(new[] { 429, 200 }, log.Select(r => r.StatusCode));
        Assert.True(log[1].ReceivedAt - log[0].ReceivedAt >= TimeSpan.FromSeconds(1.95));

        // One wait: one verbose line for it, one progress bar started and completed, no second pacing wait.
        Assert.Single(host.Verbose, v => v.Contains("as Retry-After asks"));
        Assert.DoesNotContain(host.Verbose, v => v.StartsWith("Pacing at", StringComparison.Ordinal));
        Assert.Single(host.Progress, p => p.ActivityId == RateModel.ProgressActivityId && !p.Completed);
        Assert.Single(host.Progress, p => p.ActivityId == RateModel.ProgressActivityId && p.Completed);
    }

    [Fact]
    public void The_policy_holds_the_key_after_every_429_and_after_nothing_else_never_longer_than_MaxRetryAfter()
    {
        var policy = new RetryPolicy(new RetrySettings { MaxRetries = 2, MaxRetryAfter = TimeSpan.FromSeconds(30) });

        Assert.Equal(TimeSpan.FromSeconds(7), policy.HoldKey(AttemptFailure.ErrorStatus(429, null, null, TimeSpan.FromSeconds(7))));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.HoldKey(AttemptFailure.ErrorStatus(429, null, null, null)));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.HoldKey(AttemptFailure.ErrorStatus(429, null, null, TimeSpan.FromSeconds(600))));
        Assert.Null(policy.After(RequestKind.Read, 2, AttemptFailure.ErrorStatus(429, null, null, TimeSpan.FromSeconds(7))));
        Assert.Equal(TimeSpan.FromSeconds(7), policy.HoldKey(AttemptFailure.ErrorStatus(429, null, null, TimeSpan.FromSeconds(7))));
        foreach (var status in new[] { 400, 402, 404, 409, 500, 503 })
        {
            Assert.Null(policy.HoldKey(AttemptFailure.ErrorStatus(status, null, null, null)));
        }

        Assert.Null(policy.HoldKey(AttemptFailure.NoAnswer("No answer within 60 s", new TaskCanceledException(), neverConnected: false)));
    }
}
