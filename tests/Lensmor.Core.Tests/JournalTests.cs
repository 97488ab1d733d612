using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

public class JournalTests
{
    private const string EventId = TestSandbox.PaidEventId;

    private static string UnlockPath => $"/external/events/{EventId}/unlock";

    [Fact]
    public async Task A_confirmed_unlock_is_journalled_intended_sent_settled_and_logged_as_charged()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);

        await new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes());

        var states = temp.Journal.ReadActive(null).Select(r => r.State).ToList();
        Assert.Equal(new[] { JournalRecord.Intended, JournalRecord.Sent, JournalRecord.Settled }, states);
        var row = Assert.Single(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()));
        Assert.Equal("Charged", row.Outcome);
        Assert.Equal("Unlock-LensmorEvent", row.Cmdlet);
        Assert.Equal(EventId, row.Target);
        Assert.Equal(2000m, row.ExpectedCredits);
        Assert.Equal(2000m, row.ChargedCredits);
        Assert.Equal(28_050m, row.BalanceAfter);
        Assert.False(string.IsNullOrEmpty(row.TraceId));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", row.Time.ToString());
    }

    [Fact]
    public async Task After_an_unknown_outcome_the_same_command_resumes_and_charges_nothing_more()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.DelayAfterExecute) { DelayMs = 3000 });
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(1));

        var first = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));
        Assert.Equal(ErrorIds.OutcomeUnknown, first.ErrorId);
        Assert.Equal("Unknown", Assert.Single(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes())).Outcome);

        var again = RecordingHost.Yes();
        await new EventUnlockOperation(session).UnlockAsync(EventId, again);

        Assert.True(await Eventually.HoldsAsync(() => server.Requests.Count("POST", UnlockPath) == 1));
        Assert.Single(server.Ledger.Charges);
        Assert.Empty(again.Prompts);
        Assert.Contains(again.Warnings, w => w.Contains("never settled") && w.Contains("was applied"));
        var rows = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).ToList();
        Assert.Equal(new[] { "Charged", "Free" }, rows.Select(r => r.Outcome));
        Assert.Equal(2000m, rows[0].ChargedCredits);
    }

    [Fact]
    public async Task An_earlier_attempt_that_was_not_applied_is_settled_as_failed_and_the_unlock_goes_ahead_once()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.DropBeforeExecute));
        using var temp = new TempJournal();
        using var session = temp.Session(server);

        var first = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));
        Assert.Equal(ErrorIds.OutcomeUnknown, first.ErrorId);
        Assert.Empty(server.Ledger.Charges);

        var again = RecordingHost.Yes();
        await new EventUnlockOperation(session).UnlockAsync(EventId, again);

        Assert.Single(server.Ledger.Charges);
        Assert.Contains(again.Warnings, w => w.Contains("was not applied"));
        Assert.Equal(new[] { "Failed", "Charged" }, SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).Select(r => r.Outcome));
    }

    [Fact]
    public async Task Refusals_failures_and_free_results_are_logged_and_whatif_is_not()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);

        await new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.WhatIf());
        await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, maxCredits: 10).UnlockAsync(EventId, RecordingHost.WhatIf()));
        Assert.Empty(temp.Journal.ReadActive(null));

        await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, maxCredits: 10).UnlockAsync(EventId, RecordingHost.Yes()));
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });
        await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));
        await new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes());
        await new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes());

        var rows = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).ToList();
        Assert.Equal(new[] { "Refused", "Failed", "Charged", "Free" }, rows.Select(r => r.Outcome));
        Assert.Equal(ErrorIds.MaxCreditsExceeded, rows[0].Note);
        Assert.Single(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes(), outcome: SpendOutcome.Charged));
        Assert.Equal(4, SpendLogOperation.Read(temp.Journal, RecordingHost.Yes(), cmdlet: "unlock-*").Count());
        Assert.Empty(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes(), since: DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task An_unknown_search_is_not_sent_again_unless_the_user_asks()
    {
        await using var server = await TestSandbox.StartAsync();
        var company = server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(0));
        server.Faults.Add(new SandboxFault("POST", "^/external/exhibitors/search-events$", SandboxFaultKind.DropAfterExecute));
        using var temp = new TempJournal();
        using var session = temp.Session(server);

        await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company));
        var blocked = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company));

        Assert.Equal(ErrorIds.IntentUnsettled, blocked.ErrorId);
        Assert.Contains("-RetryUnsettled", blocked.RecommendedAction);
        Assert.True(await Eventually.HoldsAsync(() => server.Requests.Count("POST", "/external/exhibitors/search-events") == 1));
        Assert.Single(server.Ledger.Charges);

        await ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company, retryUnsettled: true);
        Assert.Equal(2, server.Ledger.Charges.Count);
    }

    [Fact]
    public async Task A_corrupt_line_is_skipped_with_one_warning_and_the_rest_still_count()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        await new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes());
        File.AppendAllText(temp.Path, "{\"v\":1,\"id\":\"tr\n");
        File.AppendAllText(temp.Path, "not json at all\n");
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session).UnlockAsync(server.World.EventIdAt(5), host);
        var rows = SpendLogOperation.Read(temp.Journal, host).ToList();

        Assert.Equal(2, rows.Count(r => r.Outcome == "Charged"));
        Assert.Equal(2, host.Warnings.Count(w => w.Contains("unreadable line")));
        Assert.Equal(2, server.Ledger.Charges.Count);
    }

    [Fact]
    public void Intent_keys_are_deterministic_and_ignore_target_order()
    {
        var a = IntentJournal.KeyFor("acct", "UnlockContactEmails", new[] { "3", "1", "2" }, "139001");
        var b = IntentJournal.KeyFor("acct", "UnlockContactEmails", new[] { "1", "2", "3", "2" }, "139001");
        var otherScope = IntentJournal.KeyFor("acct", "UnlockContactEmails", new[] { "1", "2", "3" }, "139002");
        var otherAccount = IntentJournal.KeyFor("acct2", "UnlockContactEmails", new[] { "1", "2", "3" }, "139001");

        Assert.Equal(a, b);
        Assert.NotEqual(a, otherScope);
        Assert.NotEqual(a, otherAccount);
    }

    [Fact]
    public async Task Writers_in_parallel_never_tear_a_line()
    {
        using var temp = new TempJournal();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var journal = new IntentJournal(temp.Path);
            for (var i = 0; i < 100; i++)
            {
                journal.Append(new JournalRecord { Id = $"w{w}-{i}", Key = "k" + i, State = JournalRecord.Sent, At = DateTimeOffset.UtcNow, Targets = new string('x', 200) });
            }
        }));

        await Task.WhenAll(writers);

        var host = RecordingHost.Yes();
        Assert.Equal(400, temp.Journal.ReadActive(host).Select(r => r.Id).Distinct().Count());
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task Separate_processes_appending_at_once_never_tear_a_line()
    {
        using var temp = new TempJournal();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var writer = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Lensmor.JournalWriter", "bin", configuration, "net10.0", "Lensmor.JournalWriter.dll"));
        Assert.True(File.Exists(writer), writer);

        var processes = Enumerable.Range(0, 4).Select(w => System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { writer, temp.Path, "p" + w, "150" },
            UseShellExecute = false,
            RedirectStandardError = true,
        })!).ToList();
        foreach (var process in processes)
        {
            using (process)
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(0, process.ExitCode);
            }
        }

        var host = RecordingHost.Yes();
        var records = temp.Journal.ReadActive(host);
        Assert.Equal(600, records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(4, records.Select(r => r.ProcessId).Distinct().Count());
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void The_journal_can_be_switched_off_or_moved_by_environment()
    {
        Assert.Null(IntentJournal.Resolve(null, disabled: true, _ => null));
        Assert.Null(IntentJournal.Resolve(null, disabled: false, n => n == IntentJournal.SwitchVariable ? "off" : null));
        Assert.Equal(Path.GetFullPath("/tmp/x/j.jsonl"), IntentJournal.Resolve(null, false, n => n == IntentJournal.PathVariable ? "/tmp/x/j.jsonl" : null)!.Path);
        Assert.Equal(Path.GetFullPath("/tmp/y.jsonl"), IntentJournal.Resolve("/tmp/y.jsonl", false, n => n == IntentJournal.PathVariable ? "/tmp/x/j.jsonl" : null)!.Path);
        Assert.EndsWith(Path.Combine("Lensmor", "journal.jsonl"), IntentJournal.Resolve(null, false, _ => null)!.Path);
    }

    [Fact]
    public async Task The_journal_never_holds_the_key()
    {
        const string canary = "sk_JOURNALCANARY_9d8c7b6a5f4e";
        await using var server = await TestSandbox.StartAsync(o => o.ApiKey = canary);
        using var temp = new TempJournal();
        using var session = temp.Session(server);

        await new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes());
        await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, maxCredits: 1).UnlockAsync(server.World.EventIdAt(4), RecordingHost.Yes()));

        Assert.NotEmpty(temp.Text);
        Assert.DoesNotContain("JOURNALCANARY", temp.Text);
    }
}
