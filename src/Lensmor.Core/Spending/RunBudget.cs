namespace Lensmor.Core.Spending;

/// <summary>
/// -MaxCredits for one pipeline run: every piped item's cost counts against the same cap, whether it was
/// sent or only rehearsed with -WhatIf.
/// </summary>
public sealed class RunBudget
{
    public RunBudget(decimal? maxCredits)
    {
        MaxCredits = Operations.InputValidation.MaxCredits(maxCredits);
    }

    public decimal? MaxCredits { get; }

    public decimal Committed { get; private set; }

    /// <summary>What is left for the next item, or null without a cap.</summary>
    public decimal? Remaining => MaxCredits - Committed;

    public void Commit(decimal credits) => Committed += credits;
}
