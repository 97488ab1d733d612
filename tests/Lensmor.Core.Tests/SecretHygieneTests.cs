using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

public class SecretHygieneTests
{
    private const string CanaryKey = "sk_CANARY7f3a9c1e5b2d8f4a6c0e";

    [Fact]
    public async Task The_key_appears_in_no_host_output_and_no_exception_text()
    {
        await using var server = await TestSandbox.StartAsync(o => o.ApiKey = CanaryKey);
        using var session = TestSandbox.Session(server, timeout: TimeSpan.FromSeconds(1));
        var host = RecordingHost.Yes();
        var failures = new List<Exception>();

        async Task Capture(Func<Task> run)
        {
            try
            {
                await run();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        await Capture(() => BalanceOperation.WriteAsync(session, host));
        await Capture(() => new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, host));
        var whatIf = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session);
        await Capture(() => run.UnlockAsync(server.World.EventIdAt(2), whatIf));
        run.Complete(whatIf);
        await Capture(() => ExhibitorEventSearchOperation.RunAsync(session, host, server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(0))));
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(server.World.EventIdAt(3)), SandboxFaultKind.DelayAfterExecute) { DelayMs = 2500 });
        await Capture(() => new EventUnlockOperation(session).UnlockAsync(server.World.EventIdAt(3), host));
        server.Faults.Add(new SandboxFault("GET", "^/external/credits/balance$", SandboxFaultKind.StatusBeforeExecute, Times: 10) { StatusCode = 500 });
        await Capture(() => BalanceOperation.GetAsync(session, host));
        server.Faults.Clear();
        await Capture(() => EventLookup.GetAsync(session, host, "404404404"));
        using (var wrong = TestSandbox.Session(server, key: CanaryKey + "X"))
        {
            await Capture(() => BalanceOperation.GetAsync(wrong, host));
        }

        Assert.True(failures.Count >= 4, "the scenario must exercise error paths");
        Assert.Contains(failures, f => f is LensmorException { ErrorId: ErrorIds.OutcomeUnknown });
        Assert.Contains(failures, f => f is LensmorException { ErrorId: ErrorIds.Unauthorized });
        Assert.NotEmpty(host.Debug);
        var everything = host.AllText().Concat(whatIf.AllText()).Concat(failures.Select(f => f.ToString())).ToList();
        Assert.DoesNotContain(everything, text => text.Contains("CANARY7f3a9c1e5b2d8f4a6c0e", StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_prints_as_its_prefix_only()
    {
        var key = Http.ApiKey.Parse(CanaryKey, Http.ApiKeySource.Parameter);

        Assert.Equal("sk_****", key.ToString());
        Assert.Equal("sk_****", $"{key}");
    }

    [Fact]
    public void The_redactor_masks_the_key_and_any_bearer_token()
    {
        var redactor = new Http.Redactor(CanaryKey);

        Assert.Equal("key *** end", redactor.Redact("key " + CanaryKey + " end"));
        Assert.Equal("Authorization: Bearer ***", redactor.Redact("Authorization: Bearer uak_someoneelses"));
    }

    [Fact]
    public void The_context_shows_where_the_key_came_from_never_the_key()
    {
        using var session = new Http.LensmorSession(Http.ApiKey.Parse(CanaryKey, Http.ApiKeySource.Environment), new Http.LensmorConnectionOptions { BaseUri = "http://127.0.0.1:5080" });

        var context = SessionResolver.Describe(session, connected: false);

        Assert.Equal("sk_", context.KeyPrefix);
        Assert.Contains("LENSMOR_API_KEY", context.KeySource);
        Assert.DoesNotContain(CanaryKey, Newtonsoft.Json.JsonConvert.SerializeObject(context));
    }
}
