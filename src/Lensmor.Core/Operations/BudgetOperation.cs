using Lensmor.Core.Errors;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>Set-, Get- and Clear-LensmorBudget: the budgets beside the session's journal. Local; no request.</summary>
public static class BudgetOperation
{
    /// <summary>The budgets of <paramref name="journal"/>; a journal switched off has none, which is an error rather than an empty answer.</summary>
    public static BudgetBook Book(IntentJournal? journal) =>
        journal == null
            ? throw new LensmorException(ErrorIds.JournalUnavailable, LensmorErrorCategory.InvalidOperation,
                "The intent journal is switched off, and budgets are kept beside it and judged by it, so there are none to read or set.",
                "Connect without -NoJournal (and unset $env:LENSMOR_JOURNAL) to use budgets.",
                isTerminating: true, "Journal")
            : new BudgetBook(journal);

    /// <summary>What Clear-LensmorBudget asks before removing a budget: the period, the cap, what it has spent and for whom.</summary>
    public static string DescribeForRemoval(Budget budget) =>
        $"{budget.Period} budget of {Credits.Format(budget.Credits)} credits for {budget.Account} at {budget.BaseUri} " +
        $"({Credits.Format(budget.Spent)} spent this period); without it, paid runs of this account are no longer capped by period";
}
