using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
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
    public Task At_most_one_charge_per_intent_and_a_rerun_charges_nothing_more(string scenarioName, Fault fault) => Case(scenarioName, fault, profile: null);

    /// <param name="profile">A sandbox profile ("real") for the case, over the test defaults.</param>
    internal static async Task Case(string scenarioName, Fault fault, string? profile, Action<SandboxOptions>? adjust = null)
    {
        var scenario = PaidScenario.All.Single(s => s.Name == scenarioName);
        await using var server = await TestSandbox.StartAsync(o =>
        {
            if (profile != null)
            {
                o.UseProfile(profile);
            }

            adjust?.Invoke(o);
        });
        scenario.Setup(server);

        // The client gives up after `timeout` (so that TimeoutAfterCharge is met by a timeout); every other request must
        // come well within it. At the realistic profile a request takes 150 ± 50 ms before the server's own time, so a
        // 1 s timeout is close on a loaded machine (one unexplained failure under load; a 0.1 s timeout fails the plan's
        // reads with LensmorServerError): it gets a few seconds there.
        var timeout = TimeSpan.FromSeconds(profile == null ? 1 : 3);
        server.Faults.Add(FaultFor(scenario, fault, timeout));
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: timeout);

        var error = await Record(() => scenario.Run(session, RecordingHost.Yes(), server));

        Assert.Equal(ExpectedErrorId(fault), error?.ErrorId);
        Assert.True(await Eventually.HoldsAsync(() => server.Requests.All.Count(r => System.Text.RegularExpressions.Regex.IsMatch(r.Path, scenario.RoutePattern)) >= 1));
        var afterFault = scenario.ChargesPerUnit(server);
        Assert.All(afterFault, count => Assert.Equal(1, count));
        Assert.Equal(fault is Fault.ServerError ? 0 : scenario.Units, afterFault.Count);

        var rerun = await Record(() => scenario.Run(session, RecordingHost.Yes(), server));

        if (scenario.IsChargedPerCall)
        {
            // Charged on every call and nothing to re-read: an unsettled call is not sent again, and says why.
            // After a 429 the first call settled normally, so running it again is a new, deliberate call.
            if (fault is not Fault.RateLimitedBeforeCharge)
            {
                Assert.Equal(ErrorIds.IntentUnsettled, rerun?.ErrorId);
                Assert.Equal(afterFault, scenario.ChargesPerUnit(server));
            }

            return;
        }

        // An idempotent action is fulfilled exactly once per unit, whatever happened the first time, and stays so.
        Assert.Null(rerun);
        var afterRerun = scenario.ChargesPerUnit(server);
        Assert.Equal(scenario.Units, afterRerun.Count);
        Assert.All(afterRerun, count => Assert.Equal(1, count));
        Assert.Null(await Record(() => scenario.Run(session, RecordingHost.Yes(), server)));
        Assert.Equal(afterRerun, scenario.ChargesPerUnit(server));
    }

    [Fact]
    public async Task A_402_in_the_middle_of_a_multi_task_contact_unlock_charges_each_contact_at_most_once()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked("139001");
        var people = server.World.PersonnelIdsOfEvent("139001", 400).Where(server.World.HasEmail).Take(150).ToList();
        Assert.Equal(150, people.Count);
        // The first POST goes through (a zero-delay fault only takes the first place); the second meets a 402.
        server.Faults.Add(new SandboxFault("POST", "^/external/contacts/unlock$", SandboxFaultKind.Latency) { DelayMs = 0 });
        server.Faults.Add(new SandboxFault("POST", "^/external/contacts/unlock$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        ContactUnlockOperation Run()
        {
            var run = new ContactUnlockOperation(session, ContactChannel.Email) { Backoff = new[] { TimeSpan.FromMilliseconds(20) } };
            foreach (var id in people)
            {
                run.Add(id, "139001");
            }

            return run;
        }

        var host = RecordingHost.Yes();
        var error = await Record(() => Run().RunAsync(host));

        Assert.Equal(ErrorIds.PaymentRequired, error?.ErrorId);
        Assert.Equal(2, server.Requests.Count("POST", "/external/contacts/unlock"));
        Assert.Equal(100, server.Ledger.Charges.Count(c => c.Action == "unlock_contact_emails"));
        Assert.Equal(100, host.Output<ContactUnlockResult>().Count(r => r.Delivered));

        var again = RecordingHost.Yes();
        Assert.Null(await Record(() => Run().RunAsync(again)));
        var charges = server.Ledger.Charges.Where(c => c.Action == "unlock_contact_emails").GroupBy(c => c.Target).ToList();
        Assert.Equal(150, charges.Count);
        Assert.All(charges, g => Assert.Single(g));
        Assert.Equal(150, again.Output<ContactUnlockResult>().Count());
    }

    private static SandboxFault FaultFor(PaidScenario scenario, Fault fault, TimeSpan timeout) => fault switch
    {
        Fault.RateLimitedBeforeCharge => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 1 },
        Fault.ServerError => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 500 },
        Fault.DroppedBeforeResponse => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.DropAfterExecute),
        Fault.TimeoutAfterCharge => new SandboxFault("POST", scenario.RoutePattern, SandboxFaultKind.DelayAfterExecute) { DelayMs = (int)timeout.TotalMilliseconds + 1500 },
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

/// <summary>
/// The fault matrix at the realistic profile (issue 13.6): 150 ms of latency with jitter, 2 requests a second, a
/// 503 now and then on a read, and plans that read concurrently. The contact runs' tasks take 20 s at that profile,
/// so here they run at its latency, rate and read faults with tasks of a fraction of a second (polled at the server's
/// hint all the same); the manual run of the whole matrix at the full profile is in the README.
/// </summary>
public class RealisticFaultMatrixTests
{
    private static bool IsContactRun(PaidScenario scenario) => scenario.Name.StartsWith("UnlockContact", StringComparison.Ordinal);

    public static IEnumerable<object[]> Cases() =>
        from scenario in PaidScenario.All.Where(s => !IsContactRun(s))
        from fault in Enum.GetValues<FaultMatrixTests.Fault>()
        select new object[] { scenario.Name, fault };

    public static IEnumerable<object[]> ContactCases() =>
        from scenario in PaidScenario.All.Where(IsContactRun)
        from fault in Enum.GetValues<FaultMatrixTests.Fault>()
        select new object[] { scenario.Name, fault };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task At_the_realistic_profile_too_at_most_one_charge_per_intent_and_a_rerun_charges_nothing_more(string scenarioName, FaultMatrixTests.Fault fault) =>
        FaultMatrixTests.Case(scenarioName, fault, Sandbox.SandboxProfiles.Real);

    [Theory]
    [MemberData(nameof(ContactCases))]
    public Task Contact_runs_at_the_realistic_pace_with_short_tasks_charge_at_most_once(string scenarioName, FaultMatrixTests.Fault fault) =>
        FaultMatrixTests.Case(scenarioName, fault, Sandbox.SandboxProfiles.Real, o =>
        {
            o.TaskStepDelay = TimeSpan.FromMilliseconds(300);
            o.TaskPollHintMs = 200;
        });
}

/// <summary>-WhatIf on every paid operation: no paid endpoint is reached, nothing is charged, nothing is journalled.</summary>
public class WhatIfEveryPaidOperationTests
{
    public static IEnumerable<object[]> Scenarios() => PaidScenario.All.Select(s => new object[] { s.Name });

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task WhatIf_reaches_no_paid_endpoint(string scenarioName)
    {
        var scenario = PaidScenario.All.Single(s => s.Name == scenarioName);
        await using var server = await TestSandbox.StartAsync();
        scenario.Setup(server);
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var host = RecordingHost.WhatIf();

        await scenario.Run(session, host, server);

        Assert.NotEmpty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Empty(temp.Journal.ReadActive(null));
    }
}
