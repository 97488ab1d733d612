using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// A 402 partway through a run stops the run: the targets after it are not sent (issue 13: a mutation that let
/// the run go on to the next target failed no test for several events, LinkedIn or outreach batches). The first
/// paid request passes (a zero-delay fault takes the first place in the queue), the second meets the 402.
/// </summary>
public class PaymentRequiredMidRunTests
{
    private const string EventId = TestSandbox.PaidEventId;
    private const string LinkedInRoute = "/external/personnel/unlock-linkedin-activity";
    private const string OutreachRoute = "/external/personnel/generate-outreach-message";

    private static void PaymentRequiredOnTheSecond(SandboxServer server, string route)
    {
        server.Faults.Add(new SandboxFault("POST", "^" + route + "$", SandboxFaultKind.Latency) { DelayMs = 0 });
        server.Faults.Add(new SandboxFault("POST", "^" + route + "$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });
    }

    [Fact]
    public async Task A_402_on_the_second_of_three_events_stops_the_run_before_the_third()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var events = new[] { server.World.EventIdAt(3), server.World.EventIdAt(4), server.World.EventIdAt(5) };
        Assert.All(events, e => Assert.False(server.World.IsEventUnlocked(e)));
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(events[1]), SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });
        var run = new EventUnlockOperation(session);
        foreach (var id in events)
        {
            run.Add(id);
        }

        var host = RecordingHost.Yes();
        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal(ErrorIds.PaymentRequired, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Equal(new[] { $"/external/events/{events[0]}/unlock", $"/external/events/{events[1]}/unlock" }, server.Requests.Paid.Select(r => r.Path));
        Assert.Equal(0, server.Requests.Count("POST", $"/external/events/{events[2]}/unlock"));
        var charge = Assert.Single(server.Ledger.Charges);
        Assert.Equal(events[0], charge.Target);
        Assert.False(server.World.IsEventUnlocked(events[2]));
        Assert.Equal(2, host.Prompts.Count);
    }

    [Theory]
    [InlineData("LinkedIn")]
    [InlineData("Outreach")]
    public async Task A_402_on_the_second_batch_of_50_people_stops_the_run_before_the_third(string action)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(EventId, 120);
        var (route, chargeAction) = action == "LinkedIn" ? (LinkedInRoute, "unlock_linkedin_activity") : (OutreachRoute, "generate_outreach");
        PaymentRequiredOnTheSecond(server, route);
        var linkedIn = new LinkedInActivityUnlockOperation(session);
        var outreach = new OutreachMessageOperation(session, new[] { "email" }, "intro");
        foreach (var id in ids)
        {
            if (action == "LinkedIn") linkedIn.Add(id, EventId); else outreach.Add(id, EventId);
        }

        var host = RecordingHost.Yes();
        var error = await Assert.ThrowsAsync<LensmorException>(() => action == "LinkedIn" ? linkedIn.RunAsync(host) : outreach.RunAsync(host));

        Assert.Equal(ErrorIds.PaymentRequired, error.ErrorId);
        var sent = server.Requests.All.Where(r => r.Method == "POST" && r.Path == route).ToList();
        Assert.Equal(new[] { 201, 402 }, sent.Select(r => r.StatusCode));

        // Nobody of the third batch was in any request, only the first batch was charged, and its rows are reported.
        Assert.All(ids.Skip(100), id => Assert.DoesNotContain(sent, r => r.Body!.Contains("\"" + id + "\"")));
        var charged = server.Ledger.Charges.Where(c => c.Action == chargeAction).Select(c => c.Target.Split(':')[^1]).ToHashSet();
        Assert.Equal(ids.Take(50).ToHashSet(), charged);
        var reported = action == "LinkedIn"
            ? host.Output<LinkedInActivityUnlockResult>().Select(r => r.PersonnelId)
            : host.Output<OutreachRequestResult>().Select(r => r.PersonnelId);
        Assert.Equal(ids.Take(50), reported);
    }
}
