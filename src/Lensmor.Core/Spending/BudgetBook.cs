using System.Globalization;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// Budgets per account (credits per UTC day, week or month), stored beside the journal and shared by every
/// process and runspace that shares the journal. What a period has spent comes from the journal: the header's
/// day totals for archived attempts plus the active file's few records, so it costs the same after a year as
/// on the first day. A paid run reserves its total under the journal's lock (<see cref="Reserve"/>), so two
/// runs starting at the same moment cannot both spend what is left.
/// </summary>
public sealed class BudgetBook
{
    private readonly IntentJournal journal;

    public BudgetBook(IntentJournal journal)
    {
        this.journal = journal;
    }

    /// <summary>&lt;journal&gt;.budgets.json, owner-only.</summary>
    public string Path => journal.Path + ".budgets.json";

    /// <summary>The time budgets are judged at (tests move it).</summary>
    internal Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>A budget's credits: 0 or more (0 allows only free runs); anything else is LensmorInvalidArgument.</summary>
    public static void EnsureValid(decimal credits)
    {
        if (credits < 0 || credits > 1_000_000_000_000m)
        {
            throw LensmorException.InvalidArgument($"A budget of {Credits.Format(credits)} credits is not possible.", "Credits", "Pass 0 or more credits (0 allows only free runs).");
        }
    }

    public Budget Set(string account, BudgetPeriod period, decimal credits, ILensmorHost? host = null)
    {
        EnsureValid(credits);
        return journal.WithLock(() =>
        {
            var store = BudgetStore.Load(Path);
            store.Budgets.RemoveAll(b => b.Account == account && b.Period == period);
            store.Budgets.Add(new BudgetStore.StoredBudget { Account = account, Period = period, Credits = credits, SetAt = Clock() });
            store.DropDead(Clock());
            JournalFiles.Unusable(journal.Path, () => store.Save(Path));
            return Statuses(store, account, period, host).Single();
        });
    }

    /// <summary>The budgets of <paramref name="account"/> (every account's when null), optionally of one period, with where each stands now.</summary>
    public IReadOnlyList<Budget> Get(string? account, BudgetPeriod? period = null, ILensmorHost? host = null) =>
        !File.Exists(Path) ? new List<Budget>() : journal.WithLock(() => Statuses(BudgetStore.Load(Path), account, period, host));

    /// <summary>Removes the account's budget for <paramref name="period"/> (every period when null); returns what was removed.</summary>
    public IReadOnlyList<Budget> Clear(string account, BudgetPeriod? period = null, ILensmorHost? host = null) => journal.WithLock(() =>
    {
        var store = BudgetStore.Load(Path);
        var removed = Statuses(store, account, period, host);
        if (removed.Count > 0)
        {
            store.Budgets.RemoveAll(b => b.Account == account && (period == null || b.Period == period));
            JournalFiles.Unusable(journal.Path, () => store.Save(Path));
        }

        return removed;
    });

    /// <summary>
    /// The whole-run check: refuses (LensmorBudgetExceeded, naming the period, what was spent and what remains)
    /// a run of <paramref name="credits"/> that any of the account's budgets has no room for, counting what
    /// other runs hold; otherwise holds the credits until the returned reservation is released (the run ended)
    /// or its process ends. A run with targets whose price is unpublished needs some room left as well.
    /// Without a budget this holds nothing and refuses nothing.
    /// </summary>
    public BudgetReservation Reserve(string account, decimal credits, bool unpriced = false, ILensmorHost? host = null) =>
        Judge(account, Math.Max(0, credits), unpriced, hold: true, host);

    /// <summary>The same check as <see cref="Reserve"/>, holding nothing: for -WhatIf, which is refused as a real run would be.</summary>
    public void EnsureRoom(string account, decimal credits, bool unpriced = false, ILensmorHost? host = null) =>
        Judge(account, Math.Max(0, credits), unpriced, hold: false, host);

    private BudgetReservation Judge(string account, decimal credits, bool unpriced, bool hold, ILensmorHost? host)
    {
        if (!File.Exists(Path))
        {
            return BudgetReservation.None; // no budget was ever set beside this journal
        }

        return journal.WithLock(() =>
        {
            var now = Clock();
            var store = BudgetStore.Load(Path);
            var dropped = store.DropDead(now);
            var statuses = Statuses(store, account, null, host);
            foreach (var budget in statuses)
            {
                if (credits > budget.Remaining || (unpriced && credits >= budget.Remaining))
                {
                    throw Exceeded(budget, credits, unpriced);
                }
            }

            if (statuses.Count == 0 || !hold)
            {
                if (dropped)
                {
                    JournalFiles.Unusable(journal.Path, () => store.Save(Path));
                }

                return BudgetReservation.None;
            }

            var reservation = new BudgetStore.Reservation
            {
                Id = Guid.NewGuid().ToString("N"),
                Account = account,
                Credits = credits,
                At = now,
                Machine = Environment.MachineName,
                ProcessId = CurrentProcess.Id,
                ProcessStart = CurrentProcess.StartedAt,
            };
            store.Reservations.Add(reservation);
            JournalFiles.Unusable(journal.Path, () => store.Save(Path));
            // Each budget's Remaining less this run's credits, which the check above made sure none is short of.
            return new BudgetReservation(this, reservation.Id, credits, statuses.Min(s => s.Remaining) - credits);
        });
    }

    /// <summary>-WhatIf's budget lines: what each of the account's budgets has left and what this run would leave (none without a budget).</summary>
    public IReadOnlyList<string> WhatIfLines(string account, decimal credits, ILensmorHost? host = null) =>
        Get(account, null, host).Select(b => credits > b.Remaining
            ? $"What if: the {b.Period} budget of {Credits.Format(b.Credits)} credits has {Credits.Format(b.Remaining)} left, less than this run's {Credits.Format(credits)}: the run would be refused ({ErrorIds.BudgetExceeded})."
            : $"What if: the {b.Period} budget of {Credits.Format(b.Credits)} credits has {Credits.Format(b.Remaining)} left; this run would leave {Credits.Format(b.Remaining - credits)}.").ToList();

    /// <summary>One line for Get-LensmorContext: "Day: 8,000 of 10,000 left"; null without a budget.</summary>
    public string? Summary(string account, ILensmorHost? host = null)
    {
        var budgets = Get(account, null, host);
        return budgets.Count == 0 ? null : string.Join("; ", budgets.Select(b => $"{b.Period}: {Credits.Format(b.Remaining)} of {Credits.Format(b.Credits)} left"));
    }

    /// <summary>Sets what a reservation holds (a target of its run settled), or removes it (null); one already gone is left alone.</summary>
    internal void Update(string reservationId, decimal? held) => journal.WithLock(() =>
    {
        var store = BudgetStore.Load(Path);
        var reservation = store.Reservations.FirstOrDefault(r => r.Id == reservationId);
        if (reservation == null)
        {
            return;
        }

        if (held is { } left)
        {
            reservation.Credits = left;
        }
        else
        {
            store.Reservations.Remove(reservation);
        }

        JournalFiles.Unusable(journal.Path, () => store.Save(Path));
    });

    private List<Budget> Statuses(BudgetStore store, string? account, BudgetPeriod? period, ILensmorHost? host)
    {
        var budgets = store.Budgets.Where(b => (account == null || b.Account == account) && (period == null || b.Period == period))
            .OrderBy(b => b.Account, StringComparer.Ordinal).ThenBy(b => b.Period).ToList();
        if (budgets.Count == 0)
        {
            return new List<Budget>();
        }

        var now = Clock();
        var live = store.Reservations.Where(r => r.IsLive(now)).ToList();
        var records = journal.ReadActive(host, out var header);
        return budgets.Select(b =>
        {
            var (start, end) = BudgetPeriods.Of(b.Period, now);
            var held = live.Where(r => r.Account == b.Account).ToList();
            var spent = (header?.SpentBetween(b.Account, start, end) ?? 0) +
                        JournalAttempts.LastStates(records.Where(r => r.Account == b.Account))
                            .Where(r => r.At >= start && r.At < end)
                            .Sum(r => JournalAttempts.CountedCredits(r, held.Any(h => h.IsFrom(r.Machine, r.ProcessId))));
            var reserved = held.Sum(r => r.Credits);
            var (baseUri, name) = BudgetPeriods.SplitAccount(b.Account);
            return new Budget
            {
                Account = name,
                BaseUri = baseUri,
                Period = b.Period.ToString(),
                Credits = Credits.Normalize(b.Credits),
                Spent = Credits.Normalize(spent),
                Reserved = Credits.Normalize(reserved),
                Remaining = Credits.Normalize(Math.Max(0, b.Credits - spent - reserved)),
                PeriodStart = start,
                PeriodEnd = end,
            };
        }).ToList();
    }

    private static LensmorException Exceeded(Budget budget, decimal credits, bool unpriced)
    {
        var held = budget.Reserved > 0 ? $", {Credits.Format(budget.Reserved)} held by runs in progress" : string.Empty;
        var cost = unpriced ? $"at least {Credits.Format(credits)} credits (some of its prices are unpublished)" : $"{Credits.Format(credits)} credits";
        return new LensmorException(ErrorIds.BudgetExceeded, LensmorErrorCategory.QuotaExceeded,
            $"This run would cost {cost}, but the {budget.Period} budget of {Credits.Format(budget.Credits)} credits has {Credits.Format(budget.Remaining)} left " +
            $"({Credits.Format(budget.Spent)} spent since {Utc(budget.PeriodStart.Value)}{held}). Nothing was sent and nothing was charged.",
            $"Wait for the next period ({Utc(budget.PeriodEnd.Value)}), raise the budget with Set-LensmorBudget -Period {budget.Period} -Credits <n>, or pass fewer targets. Get-LensmorBudget shows where it stands.",
            isTerminating: true, "Budget");
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>This process, as a reservation names it: its id and start time (ids are reused once a process ends).</summary>
    private static class CurrentProcess
    {
        public static readonly int Id;
        public static readonly DateTimeOffset? StartedAt;

        static CurrentProcess()
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            Id = process.Id;
            try
            {
                StartedAt = process.StartTime.ToUniversalTime();
            }
            catch (Exception e) when (e is InvalidOperationException || e is NotSupportedException || e is System.ComponentModel.Win32Exception)
            {
                StartedAt = null;
            }
        }
    }
}
