using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// Contact unlocks resume without a second charge: after a lost answer each contact's unlock state is read
/// again and only contacts never sent are sent; contacts that failed are not paid for again unasked.
/// </summary>
public class ContactUnlockResumeTests
{
    private const string EventId = "139001";

    private static (List<string> WithEmail, List<string> WithoutEmail) People(SandboxServer server)
    {
        var all = server.World.PersonnelIdsOfEvent(EventId, 400);
        return (all.Where(server.World.HasEmail).Take(10).ToList(), all.Where(id => !server.World.HasEmail(id)).Take(10).ToList());
    }

    private static ContactUnlockOperation Run(Session.LensmorSession session, IEnumerable<string> ids, bool retryFailed = false)
    {
        var run = new ContactUnlockOperation(session, ContactChannel.Email) { Backoff = new[] { TimeSpan.FromMilliseconds(20) }, RetryFailed = retryFailed };
        foreach (var id in ids)
        {
            run.Add(id, EventId);
        }

        return run;
    }

    private static int ChargesPerContactMax(SandboxServer server) =>
        server.Ledger.Charges.Where(c => c.Action == "unlock_contact_emails").GroupBy(c => c.Target).Select(g => g.Count()).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task After_a_lost_answer_the_rerun_reads_each_contact_and_charges_nobody_twice()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        var (withEmail, withoutEmail) = People(server);
        var ids = withEmail.Concat(withoutEmail).ToList();
        server.Faults.Add(new SandboxFault("POST", "^/external/contacts/unlock$", SandboxFaultKind.DropAfterExecute));
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(2));
        var first = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(session, ids).RunAsync(first));

        Assert.Equal(ErrorIds.OutcomeUnknown, error.ErrorId);
        Assert.Equal(300m, server.Ledger.Charges.Sum(c => c.Credits));

        // The first run's summary is true: the request was sent, its answer lost, and the balance moved.
        var summary = first.Warnings.Single(w => w.Contains("answer was lost"));
        Assert.Contains("20 more contact(s)", summary);
        Assert.Contains("The balance moved by 300", summary);
        Assert.DoesNotContain("Nothing was charged", summary);
        Assert.DoesNotContain(first.Warnings, w => w.Contains("expected 0 credits"));

        await Task.Delay(300);
        var paidBefore = server.Requests.Paid.Count;
        var rerun = RecordingHost.Yes();
        await Run(session, ids).RunAsync(rerun);

        Assert.Equal(paidBefore, server.Requests.Paid.Count);
        Assert.Equal(1, ChargesPerContactMax(server));
        Assert.Equal(300m, server.Ledger.Charges.Sum(c => c.Credits));
        Assert.Empty(rerun.Prompts);
        var results = rerun.Output<ContactUnlockResult>().ToList();
        Assert.All(results.Where(r => withEmail.Contains(r.PersonnelId)), r => Assert.True(r.Status == "AlreadyUnlocked" && r.Delivered && !string.IsNullOrEmpty(r.Email)));
        Assert.All(results.Where(r => withoutEmail.Contains(r.PersonnelId)), r => Assert.Equal(("Failed", "FAILED_BEFORE"), (r.Status, r.ErrorCode)));
        Assert.Contains(rerun.Warnings, w => w.Contains("-RetryFailed"));
        Assert.DoesNotContain(SpendLogOperation.Read(session.Journal, rerun), r => r.Outcome == "Unknown");
    }

    [Fact]
    public async Task A_plain_rerun_of_a_finished_run_does_not_charge_failed_contacts_again_unless_asked()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        var (withEmail, withoutEmail) = People(server);
        var ids = withEmail.Take(3).Concat(withoutEmail.Take(2)).ToList();
        using var session = TestSandbox.Session(server);

        await Run(session, ids).RunAsync(RecordingHost.Yes());
        Assert.Equal(75m, server.Ledger.Charges.Sum(c => c.Credits));

        var rerun = RecordingHost.Yes();
        await Run(session, ids).RunAsync(rerun);
        Assert.Equal(75m, server.Ledger.Charges.Sum(c => c.Credits));
        Assert.Empty(rerun.Prompts);
        Assert.Contains(rerun.Warnings, w => w.Contains("2 contact(s) were not sent because an earlier unlock of them failed") && w.Contains("-RetryFailed"));

        var retry = RecordingHost.Yes();
        await Run(session, ids, retryFailed: true).RunAsync(retry);
        var prompt = Assert.Single(retry.Prompts);
        Assert.Contains("30 credits", prompt.Action);
        Assert.Contains("-RetryFailed", prompt.Action);
        Assert.Equal(105m, server.Ledger.Charges.Sum(c => c.Credits));
    }

    [Fact]
    public async Task Already_unlocked_contacts_come_back_with_their_email()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        var (withEmail, _) = People(server);
        using var session = TestSandbox.Session(server);
        await Run(session, withEmail.Take(2)).RunAsync(RecordingHost.Yes());

        var again = RecordingHost.Yes();
        await Run(session, withEmail.Take(2)).RunAsync(again);

        var rows = again.Output<ContactUnlockResult>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Status == "AlreadyUnlocked" && r.Delivered && r.Email!.Contains('@')));
    }

    [Fact]
    public async Task A_contact_run_over_MaxCredits_is_refused_whole_before_its_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        var (withEmail, _) = People(server);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var run = new ContactUnlockOperation(session, ContactChannel.Email, maxCredits: 50);
        foreach (var id in withEmail.Take(4))
        {
            run.Add(id, EventId);
        }

        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Contains("60 credits", error.Message);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }
}

/// <summary>A contact unlock stopped while it waits for its task is followed by the next run, not sent again.</summary>
public class ContactResumeTests
{
    [Fact]
    public async Task An_interrupted_contact_unlock_is_followed_by_the_next_run_not_repeated()
    {
        await using var server = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromMilliseconds(400));
        var eventId = TestSandbox.PaidEventId;
        server.World.MarkEventUnlocked(eventId);
        var ids = server.World.PersonnelIdsOfEvent(eventId, 5);
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        using var stop = new CancellationTokenSource();
        ContactUnlockOperation NewRun()
        {
            var operation = new ContactUnlockOperation(session, ContactChannel.Email) { Backoff = new[] { TimeSpan.FromMilliseconds(50) } };
            foreach (var id in ids)
            {
                operation.Add(id, eventId);
            }

            return operation;
        }

        // The first run creates its task and is stopped (Ctrl+C) while it waits for the results.
        var first = NewRun().RunAsync(new RecordingHost(token: stop.Token));
        Assert.True(await Eventually.HoldsAsync(() => temp.Text.Contains("@" + eventId)));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var charges = server.Ledger.Charges.Count;
        Assert.Equal(5, charges);

        var host = RecordingHost.Yes();
        await NewRun().RunAsync(host);

        Assert.Equal(1, server.Requests.Count("POST", "/external/contacts/unlock"));
        Assert.Equal(charges, server.Ledger.Charges.Count);
        Assert.Empty(host.Prompts);
        Assert.Contains(host.Warnings, w => w.Contains("never settled"));
        var results = host.Output<ContactUnlockResult>().ToList();
        Assert.Equal(ids.OrderBy(i => i), results.Select(r => r.PersonnelId).OrderBy(i => i));
        Assert.All(results, r => Assert.Equal(eventId, r.EventId));
        Assert.DoesNotContain(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()), r => r.Outcome == "Unknown");
    }
}
