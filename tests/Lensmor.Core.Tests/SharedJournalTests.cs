using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// One journal shared by several processes: an attempt still in flight in a live process is left alone, one whose
/// process is gone is resumed, and an unknown attempt is not counted as charged when another attempt paid.
/// </summary>
public class SharedJournalTests
{
    private static JournalRecord Attempt(Session.LensmorSession session, string eventId, string state, int processId, DateTimeOffset at, string? outcome = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Key = IntentJournal.KeyFor(session.Account, "UnlockEvent", new[] { eventId }, "Contacts"),
        State = state,
        At = at,
        Account = session.Account,
        Cmdlet = "Unlock-LensmorEvent",
        Action = "UnlockEvent",
        Targets = eventId,
        Scope = "Contacts",
        Expected = 2000,
        Outcome = outcome,
        Charged = outcome == "charged" ? 2000 : null,
        ProcessId = processId,
        Machine = Environment.MachineName,
    };

    [Fact]
    public async Task An_attempt_still_in_flight_in_a_live_process_is_left_alone()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        temp.Journal.Append(Attempt(session, TestSandbox.PaidEventId, JournalRecord.Sent, Environment.ProcessId, DateTimeOffset.UtcNow));
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, host);

        Assert.DoesNotContain(host.Warnings, w => w.Contains("never settled"));
        Assert.Single(server.Ledger.Charges);
        Assert.Contains(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()), r => r.Outcome == "Unknown");
    }

    [Fact]
    public async Task An_attempt_whose_process_is_gone_is_resumed()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(TestSandbox.PaidEventId);
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        using (var finished = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            finished.WaitForExit();
            temp.Journal.Append(Attempt(session, TestSandbox.PaidEventId, JournalRecord.Sent, finished.Id, DateTimeOffset.UtcNow));
        }

        var host = RecordingHost.Yes();
        await new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, host);

        Assert.Contains(host.Warnings, w => w.Contains("never settled") && w.Contains("was applied"));
        Assert.Empty(server.Requests.Paid);
        Assert.Equal(new[] { "Charged", "Free" }, SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).Select(r => r.Outcome));
    }

    [Fact]
    public async Task An_unknown_attempt_is_not_counted_as_charged_when_another_attempt_paid_for_the_unlock()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(TestSandbox.PaidEventId);
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var earlier = DateTimeOffset.UtcNow.AddSeconds(-30);
        var unknown = Attempt(session, TestSandbox.PaidEventId, JournalRecord.Unknown, Environment.ProcessId, earlier);
        temp.Journal.Append(unknown);
        temp.Journal.Append(Attempt(session, TestSandbox.PaidEventId, JournalRecord.Settled, Environment.ProcessId, earlier.AddSeconds(1), "charged"));
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, host);

        Assert.Contains(host.Warnings, w => w.Contains("another attempt was the one charged"));
        var log = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).ToList();
        Assert.Equal(2000m, log.Where(r => r.Outcome == "Charged").Sum(r => r.ChargedCredits));
        Assert.Equal(new[] { "Charged", "Failed", "Free" }, log.Select(r => r.Outcome).OrderBy(o => o));
    }
}
