using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// The journal at a year's scale: settled history moves to a monthly archive, the active file a paid run reads
/// stays small, a journal written by main (one file) is read and upgraded, and nothing a reconciliation needs
/// is lost on the way.
/// </summary>
public class JournalArchiveTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static List<string> Rows(IntentJournal journal, RecordingHost? host = null) =>
        SpendLogOperation.Read(journal, host ?? RecordingHost.Yes())
            .Select(r => $"{r.IntentKey} {r.Time} {r.Outcome} {r.ChargedCredits} {r.TraceId} {r.Target} {r.Account} {r.BaseUri}")
            .OrderBy(r => r, StringComparer.Ordinal).ToList();

    [Fact]
    public void A_journal_from_main_is_read_as_it_is_then_upgraded_without_losing_a_row()
    {
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        history.Year(Now.AddDays(-2), TimeSpan.FromHours(6), 400);          // 100 days of settled unlocks
        var unknown = history.Unlock("139900", Now.AddDays(-40), outcome: "unknown");
        history.Write(JournalHistoryBuilder.Copy(unknown[0], JournalRecord.Unknown, Now.AddDays(-40)));  // never settled
        var sameIntent = history.Unlock("139900", Now.AddDays(-50));                                     // the same intent, charged
        history.WriteRaw("not json at all\n");
        history.Unlock("139901", Now.AddMinutes(-10));                                                     // settled moments ago
        history.Close();
        temp.Journal.CompactAfterBytes = long.MaxValue; // read first as main left it
        var before = Rows(temp.Journal);
        Assert.Equal(403, before.Count);
        Assert.False(JournalHeaderOf(temp.Path));

        temp.Journal.CompactAfterBytes = 1024;
        var host = RecordingHost.Yes();
        var active = temp.Journal.ReadActive(host);

        // The active file keeps what is open, the intent it belongs to, and the last hour; the rest moved by month.
        Assert.True(JournalHeaderOf(temp.Path), "the upgraded journal starts with a header");
        Assert.Equal(new[] { "139900", "139901" }, active.Select(r => r.Targets).Distinct().OrderBy(t => t));
        Assert.Contains(active, r => r.Id == sameIntent[0].Id);
        Assert.True(new FileInfo(temp.Path).Length < 8 * 1024, $"active file of {new FileInfo(temp.Path).Length} bytes");
        var months = Directory.GetFiles(temp.Journal.ArchiveFolder, "20*.jsonl");
        Assert.InRange(months.Length, 4, 5);
        Assert.Contains(host.Warnings, w => w.Contains("1 unreadable line") && w.Contains("unreadable.jsonl"));
        Assert.Equal("not json at all\n", File.ReadAllText(Path.Combine(temp.Journal.ArchiveFolder, "unreadable.jsonl")));

        Assert.Equal(before, Rows(temp.Journal));
        Assert.Equal(unknown[0].Id, temp.Journal.FindUnsettled(unknown[0].Key, null)!.Id);
        Assert.True(temp.Journal.ChargedByAnotherAttempt(unknown[0].Key, unknown[0].Id, null));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.Journal.ArchiveFolder));
            foreach (var month in months)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(month));
            }
        }
    }

    [Fact]
    public void An_intent_with_an_open_attempt_is_never_archived_however_old()
    {
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        history.Year(Now.AddDays(-3), TimeSpan.FromHours(1), 300);
        var charged = history.Unlock("139500", Now.AddDays(-90));
        var open = history.Unlock("139500", Now.AddDays(-80));
        history.Write(JournalHistoryBuilder.Copy(open[0], JournalRecord.Sent, Now.AddDays(-80)));       // reopened: sent, never settled
        var intendedOnly = history.Unlock("139501", Now.AddDays(-70))[0];
        history.Write(JournalHistoryBuilder.Copy(intendedOnly, JournalRecord.Intended, Now.AddDays(-70)));
        history.Close();

        temp.Journal.CompactAfterBytes = 1024;
        var active = temp.Journal.ReadActive(null);

        Assert.Contains(active, r => r.Id == charged[0].Id);
        Assert.Contains(active, r => r.Id == open[0].Id && r.State == JournalRecord.Sent);
        Assert.Contains(active, r => r.Id == intendedOnly.Id);
        Assert.DoesNotContain(active, r => r.Targets != "139500" && r.Targets != "139501");
    }

    [Fact]
    public void Appending_for_months_keeps_the_active_file_small_and_every_row_in_the_spend_log()
    {
        using var temp = new TempJournal();
        temp.Journal.CompactAfterBytes = 16 * 1024;
        var sizes = new List<long>();
        var start = Now.AddDays(-120);
        for (var i = 0; i < 1200; i++)
        {
            var at = start.AddHours(i * 2.4);
            var record = new JournalRecord
            {
                Id = "a" + i, Key = "k" + i, State = JournalRecord.Settled, At = at, Account = JournalHistoryBuilder.Account, Cmdlet = "Unlock-LensmorEvent",
                Action = "UnlockEvent", Targets = "139001", Expected = 2000, Charged = 2000, Outcome = "charged",
            };
            temp.Journal.Append(record);
            if (i % 50 == 0)
            {
                temp.Journal.ReadActive(null);
                sizes.Add(new FileInfo(temp.Path).Length);
            }
        }

        Assert.True(sizes.Max() < 64 * 1024, "the active file grew to " + sizes.Max());
        Assert.Equal(1200, SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).Count());
        Assert.Equal(Enumerable.Range(0, 1200).Select(i => "k" + i), SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).Select(r => r.IntentKey));
    }

    [Fact]
    public void Since_opens_no_month_before_it_and_parses_no_older_line()
    {
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        history.Year(Now.AddDays(-2), TimeSpan.FromDays(1), 100);
        history.Close();
        temp.Journal.CompactAfterBytes = 1024;
        temp.Journal.ReadActive(null);
        var since = Now.AddDays(-20);
        var sinceMonth = new DateTimeOffset(since.Year, since.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var expected = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes(), since: since).Select(r => r.IntentKey).ToList();

        // Spoil everything -Since should skip: the older months whole, and in since's month every older line after its time.
        foreach (var month in Directory.GetFiles(temp.Journal.ArchiveFolder, "20*.jsonl"))
        {
            var first = DateTimeOffset.Parse(Path.GetFileNameWithoutExtension(month) + "-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            var lines = File.ReadAllLines(month).Select(l => first < sinceMonth || JournalLines.At(l) < since ? l.Substring(0, l.IndexOf("\"account\"", StringComparison.Ordinal)) + "{broken" : l);
            File.WriteAllLines(month, lines);
        }

        var host = RecordingHost.Yes();
        Assert.Equal(expected, SpendLogOperation.Read(temp.Journal, host, since: since).Select(r => r.IntentKey));
        Assert.InRange(expected.Count, 17, 19);
        Assert.Empty(host.Warnings);
        var everything = RecordingHost.Yes();
        SpendLogOperation.Read(temp.Journal, everything).ToList();
        Assert.NotEmpty(everything.Warnings); // the lines skipped above really are unreadable
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("archived")]
    [InlineData("replaced")]
    public void A_compaction_interrupted_at_any_step_loses_nothing_and_counts_nothing_twice(string step)
    {
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        history.Year(Now.AddDays(-2), TimeSpan.FromHours(12), 120);
        history.Close();
        var before = Rows(temp.Journal);
        var book = new BudgetBook(temp.Journal) { Clock = () => Now.AddDays(-2).AddHours(-12) }; // the newest unlock's month
        book.Set(JournalHistoryBuilder.Account, BudgetPeriod.Month, 10_000_000);
        var spentBefore = book.Get(JournalHistoryBuilder.Account).Single().Spent;
        Assert.True(spentBefore > 0);

        JournalCompaction.AfterStep = s =>
        {
            if (s == step)
            {
                throw new IOException("the process died at " + s);
            }
        };
        try
        {
            Assert.Throws<IOException>(() => temp.Journal.WithLock(() => JournalCompaction.Run(temp.Journal, DateTimeOffset.UtcNow)));
        }
        finally
        {
            JournalCompaction.AfterStep = null;
        }

        // Readers in between (which do not compact) see every row once, and the budget counts each charge once.
        Assert.Equal(before, Rows(temp.Journal));
        Assert.Equal(spentBefore, book.Get(JournalHistoryBuilder.Account).Single().Spent);

        temp.Journal.CompactAfterBytes = 1024;
        temp.Journal.ReadActive(null); // the next compaction recovers first
        Assert.False(File.Exists(Path.Combine(temp.Journal.ArchiveFolder, "compaction.pending.json")));
        Assert.Equal(before, Rows(temp.Journal));
        Assert.Equal(spentBefore, book.Get(JournalHistoryBuilder.Account).Single().Spent);
        var archived = Directory.GetFiles(temp.Journal.ArchiveFolder, "20*.jsonl").SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(archived.Count, archived.Distinct().Count());
    }

    [Fact]
    public void A_reader_that_cached_the_old_file_starts_over_after_another_process_compacts()
    {
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        history.Year(Now.AddDays(-2), TimeSpan.FromHours(6), 200);
        history.Close();
        var reader = new IntentJournal(temp.Path) { CompactAfterBytes = long.MaxValue };
        Assert.Equal(600, reader.ReadActive(null).Count);

        var other = new IntentJournal(temp.Path) { CompactAfterBytes = 1024 };
        other.ReadActive(null);
        other.Append(new JournalRecord { Id = "new", Key = "k-new", State = JournalRecord.Sent, At = Now, Action = "X" });

        var records = reader.ReadActive(null);
        Assert.Equal(new[] { "new" }, records.Select(r => r.Id));
    }

    [Fact]
    public async Task An_unknown_outcome_still_resumes_after_a_year_of_history_is_archived()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(TestSandbox.PaidEventId), SandboxFaultKind.DelayAfterExecute) { DelayMs = 3000 });
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        history.Year(Now.AddDays(-2), TimeSpan.FromHours(1), 2000);
        history.Close();
        temp.Journal.CompactAfterBytes = 64 * 1024;
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<Errors.LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, RecordingHost.Yes()));
        var again = RecordingHost.Yes();
        await new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, again);

        Assert.True(Directory.GetFiles(temp.Journal.ArchiveFolder, "20*.jsonl").Length >= 3);
        Assert.Single(server.Ledger.Charges);
        Assert.Empty(again.Prompts);
        var mine = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes(), account: session.Account).Select(r => r.Outcome).ToList();
        Assert.Equal(new[] { "Charged", "Free" }, mine);
    }

    private static bool JournalHeaderOf(string path) => File.ReadLines(path).First().StartsWith("{\"lensmorJournal\":2,", StringComparison.Ordinal);
}
