using Lensmor.Core.Errors;

namespace Lensmor.Core.Spending;

/// <summary>
/// Step 3 of a paid run, one check of the whole run: throws a terminating <see cref="LensmorException"/> to
/// refuse it before any prompt. A check that must hold something while the run spends (a budget shared by
/// processes reserves under the journal's lock) returns it; the run releases it once every target settled.
/// </summary>
public interface IRunCheck
{
    IDisposable? Check(RunTotals run);
}

/// <summary>What a check holds while the run spends, given back target by target as each one settles.</summary>
public interface IRunHold : IDisposable
{
    /// <summary>The target settled (or was declined, or failed): what the check held for it is released.</summary>
    void Settled(PlanTarget target);

    /// <summary>The most a target without a published price may move the balance by (null: no cap from this hold).</summary>
    decimal? CapForUnpriced { get; }
}

/// <summary>A check with something to say under -WhatIf, after the run's total (a budget: what it has left).</summary>
public interface IRehearsedCheck
{
    IEnumerable<string> WhatIfLines(RunTotals run);
}

/// <summary>The whole run as the checks see it.</summary>
public sealed class RunTotals
{
    /// <param name="rehearsing">-WhatIf or -PlanPath: checked as a real run is, holding nothing.</param>
    public RunTotals(IReadOnlyList<PlanTarget> targets, PaidRunShape shape, decimal? balance, bool precheckSaysShort, bool rehearsing = false)
    {
        Rehearsing = rehearsing;
        Targets = targets;
        Shape = shape;
        Balance = balance;
        PrecheckSaysShort = precheckSaysShort;
        Total = targets.Sum(t => t.ExpectedCredits ?? 0);
    }

    public IReadOnlyList<PlanTarget> Targets { get; }
    public PaidRunShape Shape { get; }

    /// <summary>What the priced targets cost together.</summary>
    public decimal Total { get; }

    /// <summary>The balance read before the checks; null when the API gave none.</summary>
    public decimal? Balance { get; }

    public bool PrecheckSaysShort { get; }

    /// <summary>Nothing will be sent (-WhatIf, -PlanPath): a check refuses as it would, but holds nothing.</summary>
    public bool Rehearsing { get; }

    public bool HasUnpriced => Targets.Any(t => t.ExpectedCredits == null);

    /// <summary>How every refusal starts: "This run would cost 6,000 credits for 3 events".</summary>
    public string Cost => $"This run would cost {Credits.Format(Total)} credits for {Targets.Count} {Shape.Plural(Targets.Count)}";
}

/// <summary>The run checks every paid run makes, in order, and the -MaxCredits parameter they start from.</summary>
public static class RunChecks
{
    /// <summary>
    /// -MaxCredits, the session's -SpendLimit, the account's budgets (Set-LensmorBudget, shared by every
    /// process using the journal), then the balance. Every paid run makes them all.
    /// </summary>
    public static List<IRunCheck> Standard(decimal? maxCredits, SpendContext spending) => new()
    {
        new MaxCreditsCheck(maxCredits),
        new SpendLimitCheck(spending.SpendLimit),
        new BudgetCheck(spending.Journal, spending.Account),
        new BalanceCheck(),
    };

    /// <summary>-MaxCredits as given: checked once, when the cmdlet begins, before any request.</summary>
    public static decimal? MaxCredits(decimal? value) =>
        value is { } v && v < 0
            ? throw LensmorException.InvalidArgument($"-MaxCredits {v} is negative. Nothing was sent.", v, "Pass 0 or more credits, or leave -MaxCredits out.")
            : value;
}

/// <summary>-MaxCredits: the most the whole run may cost. 0 also refuses targets whose price is unknown.</summary>
public sealed class MaxCreditsCheck : IRunCheck
{
    public MaxCreditsCheck(decimal? maxCredits) => Max = maxCredits;

    public decimal? Max { get; }

    public IDisposable? Check(RunTotals run)
    {
        if (Max is { } max && (run.Total > max || (max == 0 && run.HasUnpriced)))
        {
            throw new LensmorException(ErrorIds.MaxCreditsExceeded, LensmorErrorCategory.QuotaExceeded,
                $"{run.Cost}, more than -MaxCredits {Credits.Format(max)}. Nothing was sent and nothing was charged.",
                $"Raise -MaxCredits to {Credits.Format(run.Total)} or more if the cost is right, or pass fewer targets.",
                isTerminating: true, "MaxCredits");
        }

        return null;
    }
}

/// <summary>Connect-Lensmor -SpendLimit: what the session has left, after what other runs hold.</summary>
public sealed class SpendLimitCheck : IRunCheck
{
    private readonly SpendLimit limit;

    public SpendLimitCheck(SpendLimit limit) => this.limit = limit;

    public IDisposable? Check(RunTotals run)
    {
        if (limit.Limit is { } most && limit.Available is { } left && run.Total > left)
        {
            throw new LensmorException(ErrorIds.SpendLimitExceeded, LensmorErrorCategory.QuotaExceeded,
                $"{run.Cost}, but the session's spend limit of {Credits.Format(most)} has {Credits.Format(left)} left. Nothing was sent and nothing was charged.",
                "Run Connect-Lensmor again with a higher -SpendLimit (what this session spent carries over; Get-LensmorContext shows it), or pass fewer targets.",
                isTerminating: true, "SpendLimit");
        }

        return null;
    }
}

/// <summary>The balance, or a precheck that says its buckets cannot cover the run.</summary>
public sealed class BalanceCheck : IRunCheck
{
    public IDisposable? Check(RunTotals run)
    {
        if (run.Balance is { } balance && (run.Total > balance || run.PrecheckSaysShort))
        {
            throw new LensmorException(ErrorIds.InsufficientCredits, LensmorErrorCategory.QuotaExceeded,
                $"{run.Cost}, but the balance is {Credits.Format(balance)}. Nothing was sent and nothing was charged.",
                "Add credits in Lensmor (Settings > Billing) or pass fewer targets, then run the command again.",
                isTerminating: true, "Balance");
        }

        return null;
    }
}
