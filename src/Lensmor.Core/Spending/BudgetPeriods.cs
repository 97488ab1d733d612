namespace Lensmor.Core.Spending;

/// <summary>Where budget periods start and end (UTC), and how the journal's account string splits into endpoint and fingerprint.</summary>
public static class BudgetPeriods
{
    /// <summary>The period of kind <paramref name="period"/> that holds <paramref name="at"/>: [Start, End) in UTC.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Of(BudgetPeriod period, DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        switch (period)
        {
            case BudgetPeriod.Day:
                return (day, day.AddDays(1));
            case BudgetPeriod.Week:
                // ISO weeks start on Monday.
                var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                return (monday, monday.AddDays(7));
            case BudgetPeriod.Month:
                var first = new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero);
                return (first, first.AddMonths(1));
            default:
                throw new ArgumentOutOfRangeException(nameof(period), period, "Day, Week or Month.");
        }
    }

    /// <summary>
    /// The journal's account ("https://platform.lensmor.com sk_1a2b3c4d") as its endpoint and its name (the key's
    /// prefix and one-way fingerprint). An account string without an endpoint is all name.
    /// </summary>
    public static (string BaseUri, string Name) SplitAccount(string account)
    {
        var space = account.LastIndexOf(' ');
        return space < 0 ? (string.Empty, account) : (account.Substring(0, space), account.Substring(space + 1));
    }
}
