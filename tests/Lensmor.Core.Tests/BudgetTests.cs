using System.Diagnostics;
using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// Budgets per account and UTC period, judged by the journal every process shares: what they count, what they
/// refuse, and how reservations keep two runs from spending the same credits.
/// </summary>
public class BudgetTests
{
    private const string Account = JournalHistoryBuilder.Account;
    private const string Sandbox = "http://127.0.0.1:5080 sk_99887766";
    private static readonly DateTimeOffset Noon = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero); // a Wednesday

    private static BudgetBook Book(TempJournal temp, DateTimeOffset? now = null) => new(temp.Journal) { Clock = () => now ?? Noon };

    private static JournalRecord Settled(string id, DateTimeOffset at, string outcome, decimal? charged, string account = Account, decimal expected = 2000) => new()
    {
        Id = id, Key = "k-" + id, State = JournalRecord.Settled, At = at, Account = account, Cmdlet = "Unlock-LensmorEvent", Action = "UnlockEvent",
        Targets = "139001", Expected = expected, Charged = charged, Outcome = outcome, ProcessId = 1, Machine = "elsewhere",
    };

    [Theory]
    [InlineData(BudgetPeriod.Day, "2026-11-18T00:00:00Z", "2026-11-19T00:00:00Z")]
    [InlineData(BudgetPeriod.Week, "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData(BudgetPeriod.Month, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    public void Periods_are_UTC_days_ISO_weeks_and_calendar_months(BudgetPeriod period, string start, string end)
    {
        var (s, e) = BudgetPeriods.Of(period, Noon.ToOffset(TimeSpan.FromHours(-8)));
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), s);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), e);
        Assert.Equal(TimeSpan.Zero, s.Offset);
    }

    [Fact]
    public void Spent_is_what_the_journal_records_as_charged_in_the_period_for_this_account_only()
    {
        using var temp = new TempJournal();
        temp.Journal.Append(Settled("a", Noon.AddHours(-1), "charged", 2000));
        temp.Journal.Append(Settled("b", Noon.AddHours(-2), "charged", 1500));                 // charged less than expected
        temp.Journal.Append(Settled("c", Noon.AddHours(-3), "free", 0));
        temp.Journal.Append(Settled("d", Noon.AddHours(-4), "refused", 0));
        temp.Journal.Append(Settled("e", Noon.AddHours(-5), "failed", 0));
        temp.Journal.Append(Settled("f", Noon.AddDays(-1), "charged", 2000));                   // yesterday
        temp.Journal.Append(Settled("g", Noon.AddHours(-1), "charged", 2000, account: Sandbox)); // the sandbox's
        temp.Journal.Append(new JournalRecord { Id = "h", Key = "k-h", State = JournalRecord.Unknown, At = Noon.AddHours(-6), Account = Account, Expected = 2000, Action = "UnlockEvent" });
        var book = Book(temp);
        book.Set(Account, BudgetPeriod.Day, 10_000);
        book.Set(Account, BudgetPeriod.Week, 50_000);

        var day = book.Get(Account, BudgetPeriod.Day).Single();
        var week = book.Get(Account, BudgetPeriod.Week).Single();

        Assert.Equal(2000 + 1500 + 2000, day.Spent); // the unknown outcome at its expected cost, to be safe
        Assert.Equal(10_000 - 5500, day.Remaining);
        Assert.Equal(7500, week.Spent);
        Assert.Equal("sk_1a2b3c4d", day.Account);
        Assert.Equal("https://platform.lensmor.com", day.BaseUri);
        Assert.Equal("Day", day.Period);
        Assert.Empty(book.Get(Sandbox));
        Assert.Equal(2, book.Get(null).Count);
    }

    [Fact]
    public void The_archived_part_of_a_period_comes_from_the_header_totals_not_from_the_archive()
    {
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        var now = DateTimeOffset.UtcNow;
        history.Year(now.AddDays(-2), TimeSpan.FromHours(1), 3000);
        history.Close();
        temp.Journal.CompactAfterBytes = long.MaxValue; // counted first from the whole history, as main left it
        var book = Book(temp, now.AddDays(-2).AddHours(-1));
        book.Set(Account, BudgetPeriod.Week, 100_000_000);
        var before = book.Get(Account).Single().Spent;

        temp.Journal.CompactAfterBytes = 1024;
        temp.Journal.ReadActive(null);
        Directory.Delete(temp.Journal.ArchiveFolder, recursive: true); // the budget must not need it

        Assert.True(before >= 2000, $"spent {before}");
        Assert.Equal(before, book.Get(Account).Single().Spent);
    }

    [Fact]
    public void A_run_over_what_is_left_is_refused_naming_the_period_what_was_spent_and_what_remains()
    {
        using var temp = new TempJournal();
        temp.Journal.Append(Settled("a", Noon.AddHours(-1), "charged", 6000));
        var book = Book(temp);
        book.Set(Account, BudgetPeriod.Day, 10_000);

        var error = Assert.Throws<LensmorException>(() => book.Reserve(Account, 6000));

        Assert.Equal(ErrorIds.BudgetExceeded, error.ErrorId);
        Assert.Equal(LensmorErrorCategory.QuotaExceeded, error.Category);
        Assert.True(error.IsTerminating);
        Assert.Contains("6,000 credits", error.Message);
        Assert.Contains("Day budget of 10,000 credits has 4,000 left", error.Message);
        Assert.Contains("6,000 spent since 2026-11-18 00:00 UTC", error.Message);
        Assert.Contains("Nothing was sent and nothing was charged.", error.Message);
        Assert.Contains("2026-11-19 00:00 UTC", error.RecommendedAction);
        Assert.Contains("Set-LensmorBudget -Period Day", error.RecommendedAction);
        Assert.Equal(ErrorIds.BudgetExceeded, Assert.Throws<LensmorException>(() => book.EnsureRoom(Account, 6000)).ErrorId); // -WhatIf's check
        book.EnsureRoom(Account, 4000);
        Assert.Equal(0, book.Get(Account).Single().Reserved); // a check holds nothing
        using (book.Reserve(Account, 4000))
        {
            Assert.Equal(4000, book.Get(Account).Single().Reserved);
        }

        Assert.Equal(BudgetReservation.None, book.Reserve(Sandbox, 1_000_000)); // no budget for that account
    }

    [Fact]
    public void A_reservation_holds_credits_until_its_run_settles_or_ends()
    {
        using var temp = new TempJournal();
        var book = Book(temp);
        book.Set(Account, BudgetPeriod.Month, 10_000);

        var first = book.Reserve(Account, 6000);
        Assert.Equal(6000, book.Get(Account).Single().Reserved);
        Assert.Throws<LensmorException>(() => book.Reserve(Account, 6000));

        first.Settled(2000); // one target of the run settled: the journal now has its charge
        temp.Journal.Append(Settled("t1", Noon, "charged", 2000));
        Assert.Equal(4000, book.Get(Account).Single().Reserved);
        Assert.Equal(4000, book.Get(Account).Single().Remaining);

        first.Dispose();
        Assert.Equal(0, book.Get(Account).Single().Reserved);
        using var second = book.Reserve(Account, 8000);
        Assert.True(second.IsHeld);
        Assert.Throws<LensmorException>(() => book.Reserve(Account, 1, unpriced: true));
    }

    [Fact]
    public void A_sent_attempt_of_a_run_that_holds_a_reservation_is_not_counted_twice()
    {
        using var temp = new TempJournal();
        var book = Book(temp);
        book.Set(Account, BudgetPeriod.Day, 10_000);
        using var run = book.Reserve(Account, 3000);
        temp.Journal.Append(new JournalRecord
        {
            Id = "s", Key = "k-s", State = JournalRecord.Sent, At = DateTimeOffset.UtcNow, Account = Account, Expected = 3000,
            ProcessId = Environment.ProcessId, Machine = Environment.MachineName,
        });

        var now = new BudgetBook(temp.Journal) { Clock = () => DateTimeOffset.UtcNow };
        var status = now.Get(Account).Single();
        Assert.Equal(0, status.Spent);
        Assert.Equal(3000, status.Reserved);
    }

    [Fact]
    public void Budgets_are_owner_only_and_survive_a_new_journal_instance()
    {
        using var temp = new TempJournal();
        Book(temp).Set(Account, BudgetPeriod.Day, 500);

        var again = new BudgetBook(new IntentJournal(temp.Path)) { Clock = () => Noon };
        Assert.Equal(500, again.Get(Account).Single().Credits);
        Assert.Equal("Day: 500 of 500 left", again.Summary(Account));
        Assert.Equal(new[] { "What if: the Day budget of 500 credits has 500 left, less than this run's 2,000: the run would be refused (LensmorBudgetExceeded)." }, again.WhatIfLines(Account, 2000));
        Assert.Single(again.Clear(Account));
        Assert.Empty(again.Get(Account));
        Assert.Null(again.Summary(Account));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(again.Path));
        }

        Assert.Throws<LensmorException>(() => again.Set(Account, BudgetPeriod.Day, -1));
        Assert.Throws<LensmorException>(() => BudgetOperation.Book(null));
    }

    [Fact]
    public async Task Runspaces_reserving_at_the_same_moment_never_overspend_together()
    {
        using var temp = new TempJournal();
        Book(temp).Set(Account, BudgetPeriod.Day, 10_000);
        using var go = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var book = new BudgetBook(new IntentJournal(temp.Path)) { Clock = () => Noon }; // each runspace its own instance
            go.Wait();
            try
            {
                return book.Reserve(Account, 3000);
            }
            catch (LensmorException e) when (e.ErrorId == ErrorIds.BudgetExceeded)
            {
                return null;
            }
        })).ToList();
        go.Set();

        var reservations = await Task.WhenAll(attempts);

        Assert.Equal(3, reservations.Count(r => r != null));
        Assert.Equal(9000, Book(temp).Get(Account).Single().Reserved);
        foreach (var reservation in reservations)
        {
            reservation?.Dispose();
        }
    }

    [Fact]
    public async Task Processes_reserving_at_the_same_moment_never_overspend_together_and_a_dead_ones_hold_ends_with_it()
    {
        using var temp = new TempJournal();
        var book = new BudgetBook(temp.Journal);
        book.Set(Account, BudgetPeriod.Day, 10_000);
        var start = Path.Combine(temp.Directory, "go");

        var children = Enumerable.Range(0, 5).Select(_ => Writer("reserve", temp.Path, Account, "4000", start, "-1")).ToList();
        foreach (var child in children)
        {
            Assert.Equal("ready", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))); // all started, all waiting
        }

        File.WriteAllText(start, "go");
        var answers = new List<string>();
        foreach (var child in children)
        {
            answers.Add((await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)))!); // each has tried; the winners still hold
        }

        Assert.Equal(2, answers.Count(a => a.StartsWith("reserved 4000", StringComparison.Ordinal)));
        Assert.Equal(8000, book.Get(Account).Single().Reserved);
        File.WriteAllText(start + ".release", "done");
        var codes = new List<int>();
        foreach (var child in children)
        {
            using (child)
            {
                await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
                codes.Add(child.ExitCode);
            }
        }

        Assert.Equal(2, codes.Count(c => c == 0));
        Assert.Equal(3, codes.Count(c => c == 3));
        Assert.Equal(0, book.Get(Account).Single().Reserved); // each released as it ended

        // A process that dies holding a reservation does not block the budget after it.
        using (var crashed = Writer("reserve", temp.Path, Account, "10000", start, "0", "crash"))
        {
            await crashed.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, crashed.ExitCode);
        }

        var left = Assert.Single(BudgetStore.Load(book.Path).Reservations);
        Assert.NotEqual(Environment.ProcessId, left.ProcessId);
        using var after = book.Reserve(Account, 10_000);
        Assert.True(after.IsHeld);
        Assert.Equal(Environment.ProcessId, Assert.Single(BudgetStore.Load(book.Path).Reservations).ProcessId);
    }

    private static Process Writer(params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var writer = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Lensmor.JournalWriter", "bin", configuration, "net10.0", "Lensmor.JournalWriter.dll"));
        Assert.True(File.Exists(writer), writer);
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add(writer);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }
}
