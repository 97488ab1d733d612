using System.Globalization;
using Lensmor.Core;

namespace Lensmor;

/// <summary>How long a budget's period lasts: a UTC day, an ISO week (Monday to Monday, UTC) or a UTC calendar month.</summary>
public enum BudgetPeriod
{
    Day,
    Week,
    Month,
}

/// <summary>
/// One budget of one account (Set-LensmorBudget), and where it stands in its current period: what the
/// journal records as spent, what runs in progress hold, and what is left. Times are UTC.
/// </summary>
public sealed class Budget
{
    /// <summary>The account's key prefix and one-way fingerprint (never the key), as the spend log shows it.</summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>The endpoint the account's credits are spent at (the sandbox's spend is its own).</summary>
    public string BaseUri { get; set; } = string.Empty;

    /// <summary>Day, Week or Month (a <see cref="BudgetPeriod"/> name).</summary>
    public string Period { get; set; } = string.Empty;

    /// <summary>The most the account may spend in one period.</summary>
    public decimal Credits { get; set; }

    /// <summary>Charged in this period, by every process sharing the journal; unknown outcomes count at their expected cost.</summary>
    public decimal Spent { get; set; }

    /// <summary>Held by paid runs in progress (in any process) until they settle.</summary>
    public decimal Reserved { get; set; }

    /// <summary>Credits less what is spent and held; never below 0.</summary>
    public decimal Remaining { get; set; }

    public UtcTime PeriodStart { get; set; }

    /// <summary>When the period ends and the next starts (exclusive).</summary>
    public UtcTime PeriodEnd { get; set; }

    public override string ToString() =>
        $"{Period} budget of {Core.Credits.Format(Credits)} credits: {Core.Credits.Format(Spent)} spent, {Core.Credits.Format(Remaining)} left until {PeriodEnd.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
}
