using Lensmor.Core.Errors;

namespace Lensmor.Core.Spending;

/// <summary>
/// -MaxCredits and -SpendLimit for an action whose price Lensmor does not publish: what the balance
/// actually moves is measured after every request, and the run stops before the next request could cross
/// the cap. While no price has been seen, requests carry one person, so that the first measurement costs
/// at most one person's price.
/// </summary>
public sealed class SpendMeter
{
    private readonly Limit limit;
    private decimal? perPerson;

    /// <param name="budgetLeft">What the account's budgets had left when the run began (Set-LensmorBudget); null without one.</param>
    public SpendMeter(decimal? maxCredits, SpendLimit spendLimit, decimal? budgetLeft = null)
    {
        // The tightest cap holds; on a tie the first listed (OrderBy is stable), so -MaxCredits wins.
        var maxCreditsLimit = new Limit(maxCredits, "-MaxCredits", ErrorIds.MaxCreditsExceeded, "Raise -MaxCredits and run the same command again for the people not sent.");
        limit = new[]
        {
            maxCreditsLimit,
            new Limit(spendLimit.Available, "the session's -SpendLimit", ErrorIds.SpendLimitExceeded,
                "Run Connect-Lensmor again with a higher -SpendLimit, then run the same command again for the people not sent."),
            new Limit(budgetLeft, "the budget", ErrorIds.BudgetExceeded,
                "Get-LensmorBudget shows what is left; wait for the next period or raise it with Set-LensmorBudget, then run the same command again for the people not sent."),
        }.Where(l => l.Cap != null).OrderBy(l => l.Cap).FirstOrDefault() ?? maxCreditsLimit;
    }

    /// <summary>The most this run may move the balance; null without a cap.</summary>
    public decimal? Cap => limit.Cap;

    public string CapName => limit.Name;

    /// <summary>What the balance moved so far in this run.</summary>
    public decimal Spent { get; private set; }

    /// <summary>Whether the balance must be read after every request (only with a cap).</summary>
    public bool Measures => Cap != null;

    /// <summary>How many of <paramref name="wanted"/> people the next request may carry.</summary>
    public int NextSize(int wanted) => Cap != null && perPerson == null ? Math.Min(1, wanted) : wanted;

    /// <summary>Null when the next request of <paramref name="people"/> fits; otherwise the refusal to stop with.</summary>
    public LensmorException? Refusal(int people, int notSent)
    {
        if (Cap is not { } cap)
        {
            return null;
        }

        var next = perPerson is { } rate ? rate * people : (decimal?)null;
        if (next is { } cost ? Spent + cost <= cap : Spent < cap)
        {
            return null;
        }

        return new LensmorException(limit.ErrorId, LensmorErrorCategory.QuotaExceeded,
            $"Stopped before the next request: this run has moved the balance by {Credits.Format(Spent)} credits of {CapName} {Credits.Format(cap)}" +
            (next is { } n ? $", and the next request ({people} people) could cost about {Credits.Format(n)} more" : string.Empty) +
            $". {notSent} people were not sent and nothing was charged for them.",
            limit.Advice, isTerminating: true, CapName.TrimStart('-'));
    }

    /// <summary>After a request of <paramref name="people"/>: what the balance moved.</summary>
    public void Record(decimal moved, int people)
    {
        Spent += Math.Max(0, moved);
        if (moved > 0 && people > 0)
        {
            var rate = moved / people;
            perPerson = perPerson is { } r ? Math.Max(r, rate) : rate;
        }
    }

    /// <summary>One cap: what it allows, how messages name it, and the error and advice of a run it stops.</summary>
    private sealed record Limit(decimal? Cap, string Name, string ErrorId, string Advice);
}
