namespace Lensmor.Core.Spending;

/// <summary>
/// Step 3's budget check (Set-LensmorBudget): the run's whole total against what each of the account's budgets
/// has left, counting what runs in other processes and runspaces hold. A real run reserves its total under the
/// journal's lock (so two runs starting at the same moment cannot both spend what is left) and gives it back
/// target by target as each settles; -WhatIf and -PlanPath are refused as the run would be, and hold nothing.
/// Without a journal, or without a budget beside it, it costs one file check and refuses nothing.
/// </summary>
public sealed class BudgetCheck : IRunCheck, IRehearsedCheck
{
    private readonly IntentJournal? journal;
    private readonly string account;

    public BudgetCheck(IntentJournal? journal, string account)
    {
        this.journal = journal;
        this.account = account;
    }

    public IDisposable? Check(RunTotals run)
    {
        if (journal == null)
        {
            return null;
        }

        var book = new BudgetBook(journal);
        if (run.Rehearsing)
        {
            book.EnsureRoom(account, run.Total, run.HasUnpriced);
            return null;
        }

        var reservation = book.Reserve(account, run.Total, run.HasUnpriced);
        if (!reservation.IsHeld)
        {
            return null;
        }

        // A target without a published price holds nothing: what the budgets had left when the run began caps it.
        return new Hold(reservation, run.HasUnpriced ? reservation.LeastLeft : null);
    }

    /// <summary>-WhatIf's budget lines: each budget's room, and what the run would leave (or that it would be refused).</summary>
    public IEnumerable<string> WhatIfLines(RunTotals run) =>
        journal == null ? Enumerable.Empty<string>() : new BudgetBook(journal).WhatIfLines(account, run.Total);

    private sealed class Hold(BudgetReservation reservation, decimal? capForUnpriced) : IRunHold
    {
        public decimal? CapForUnpriced { get; } = capForUnpriced;

        public void Settled(PlanTarget target)
        {
            try
            {
                reservation.Settled(target.ExpectedCredits ?? 0);
            }
            catch (Exception e) when (BudgetReservation.CannotWrite(e))
            {
                // The charge is in the journal; the hold stays until the run ends (or its process does).
            }
        }

        public void Dispose() => reservation.Dispose();
    }
}
