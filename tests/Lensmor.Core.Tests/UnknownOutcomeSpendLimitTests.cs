using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// A paid attempt whose outcome is unknown counts against the session's spend limit while it is unknown (the
/// charge may exist), and once more never: settling it, applied or not, replaces what was counted.
/// </summary>
public class UnknownOutcomeSpendLimitTests
{
    [Fact]
    public async Task An_unknown_unlock_found_applied_on_the_rerun_counts_once_against_the_spend_limit()
    {
        await using var server = await TestSandbox.StartAsync();
        var eventId = TestSandbox.PaidEventId;
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(eventId), SandboxFaultKind.DelayAfterExecute) { DelayMs = 3000 });
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(1));

        var lost = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(eventId, RecordingHost.Yes()));
        Assert.Equal(ErrorIds.OutcomeUnknown, lost.ErrorId);
        Assert.Equal(2000m, session.SpendLimit.Spent); // the charge may exist, so it counts until the rerun knows

        var host = RecordingHost.Yes();
        await new EventUnlockOperation(session).UnlockAsync(eventId, host);

        Assert.Equal("AlreadyUnlocked", Assert.Single(host.Output<Lensmor.EventUnlockReceipt>()).Outcome);
        Assert.Single(server.Ledger.Charges);
        Assert.Equal(2000m, session.SpendLimit.Spent);
    }

    [Fact]
    public async Task An_unknown_unlock_found_not_applied_gives_its_count_back_before_the_rerun_pays()
    {
        await using var server = await TestSandbox.StartAsync();
        var eventId = TestSandbox.PaidEventId;
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(eventId), SandboxFaultKind.DropBeforeExecute));
        using var temp = new TempJournal();
        using var session = temp.Session(server);

        var lost = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(eventId, RecordingHost.Yes()));
        Assert.Equal(ErrorIds.OutcomeUnknown, lost.ErrorId);
        Assert.Empty(server.Ledger.Charges);
        Assert.Equal(2000m, session.SpendLimit.Spent);

        await new EventUnlockOperation(session).UnlockAsync(eventId, RecordingHost.Yes());

        Assert.Single(server.Ledger.Charges);
        Assert.Equal(2000m, session.SpendLimit.Spent);
    }

    [Fact]
    public void An_unknown_attempt_carried_over_by_a_reconnect_is_settled_once()
    {
        var before = new SpendLimit(10_000);
        before.Reserve(2000, "139001");
        before.CommitUnknown("attempt-1", 2000);
        var after = new SpendLimit(10_000);
        after.CarryOver(before);
        Assert.Equal(2000m, after.Spent);

        after.SettleUnknown("attempt-1", 2000);
        Assert.Equal(2000m, after.Spent);
        after.SettleUnknown("attempt-2", 50); // an attempt this session never counted: a charge found now
        Assert.Equal(2050m, after.Spent);
    }

    [Fact]
    public async Task A_contact_run_with_one_lost_answer_counts_what_the_balance_moved_once()
    {
        // Three tasks; the first one's answer is lost after the server executed it, and the others are answered.
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", "^/external/contacts/unlock$", SandboxFaultKind.DropAfterExecute));
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var op = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var id in server.World.PersonnelIdsOfEvent(TestSandbox.PaidEventId, 250))
        {
            op.Add(id, TestSandbox.PaidEventId);
        }

        await Assert.ThrowsAnyAsync<LensmorException>(() => op.RunAsync(RecordingHost.Yes()));

        // Settled from what the balance moved; the reservation of the whole run is not counted on top of it.
        Assert.Equal(server.Ledger.Charges.Sum(c => c.Credits), session.SpendLimit.Spent);

        var rerun = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var id in server.World.PersonnelIdsOfEvent(TestSandbox.PaidEventId, 250))
        {
            rerun.Add(id, TestSandbox.PaidEventId);
        }

        await rerun.RunAsync(RecordingHost.Yes());
        Assert.Equal(server.Ledger.Charges.Sum(c => c.Credits), session.SpendLimit.Spent);
    }
}
