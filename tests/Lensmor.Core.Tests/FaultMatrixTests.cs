using Lensmor.Core.Errors;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// Every paid operation under every fault: at most one charge per intent, the specific ErrorId, and the same
/// command run again afterwards charges nothing more.
/// </summary>
public class FaultMatrixTests
{
    public enum Fault
    {
        RateLimitedBeforeCharge,
        ServerError,
        DroppedBeforeResponse,
        TimeoutAfterCharge,
        MalformedSuccessBody,
    }

    public static IEnumerable<object[]> Cases() =>
        from scenario in PaidScenario.All
        from fault in Enum.GetValues<Fault>()
        select new object[] { scenario.Name, fault };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task At_most_one_charge_per_intent_and_a_rerun_charges_nothing_more(string scenarioName, Fault fault)
    {
        var scenario = PaidScenario.All.Single(s => s.Name == scenarioName);
        await using var server = await TestSandbox.StartAsync();
        scenario.Setup(server);
        server.Faults.Add(FaultFor(scenario, fault));
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(1));

        var error = await Record(() => scenario.Run(session, RecordingHost.Yes(), server));

        Assert.Equal(ExpectedErrorId(fault), error?.ErrorId);
        Assert.True(await Eventually.HoldsAsync(() => server.Requests.All.Count(r => System.Text.RegularExpressions.Regex.IsMatch(r.Path, scenario.RoutePattern)) >= 1));
        var chargesAfterFault = scenario.IntentCharges(server);
        Assert.True(chargesAfterFault <= 1, $"{chargesAfterFault} charges after the fault");
        Assert.Equal(fault is Fault.ServerError ? 0 : 1, chargesAfterFault);

        var rerun = await Record(() => scenario.Run(session, RecordingHost.Yes(), server));

        if (scenario.IsSearch)
        {
            // A search has no state to re-read: an unsettled one is not sent again, and says why. After a
            // 429 the first search settled normally, so running it again is a new, deliberate search.
            if (fault is not Fault.RateLimitedBeforeCharge)
            {
                Assert.Equal(ErrorIds.IntentUnsettled, rerun?.ErrorId);
                Assert.Equal(chargesAfterFault, scenario.IntentCharges(server));
            }

            return;
        }

        // An unlock is fulfilled exactly once, whatever happened the first time, and stays so.
        Assert.Null(rerun);
        Assert.Equal(1, scenario.IntentCharges(server));
        Assert.Null(await Record(() => scenario.Run(session, RecordingHost.Yes(), server)));
        Assert.Equal(1, scenario.IntentCharges(server));
    }

    private static SandboxFault FaultFor(PaidScenario scenario, Fault fault) => fault switch
    {
        Fault.RateLimitedBeforeCharge => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 1 },
        Fault.ServerError => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 500 },
        Fault.DroppedBeforeResponse => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.DropAfterExecute),
        Fault.TimeoutAfterCharge => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.DelayAfterExecute) { DelayMs = 2500 },
        _ => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.MalformedBodyAfterExecute),
    };

    private static string? ExpectedErrorId(Fault fault) => fault switch
    {
        Fault.RateLimitedBeforeCharge => null,
        Fault.ServerError => ErrorIds.ServerError,
        _ => ErrorIds.OutcomeUnknown,
    };

    private static async Task<LensmorException?> Record(Func<Task> run)
    {
        try
        {
            await run();
            return null;
        }
        catch (LensmorException e)
        {
            return e;
        }
    }
}
