namespace Lensmor;

/// <summary>
/// One event found by a company-name search, flat: the matched exhibitors are summarised in string
/// columns so the row exports to CSV as it reads.
/// </summary>
public sealed class ExhibitorEventMatch
{
    public string EventId { get; set; } = string.Empty;
    public string? Name { get; set; }
    public UtcTime? DateStart { get; set; }
    public UtcTime? DateEnd { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
    public string? Venue { get; set; }
    public string? Url { get; set; }
    public long? ExhibitorCount { get; set; }
    public bool? HasVisitors { get; set; }
    public bool? SponsorMatchStarred { get; set; }
    public int MatchedExhibitorCount { get; set; }

    /// <summary>Matched exhibitor ids joined with "; ".</summary>
    public string MatchedExhibitorIds { get; set; } = string.Empty;

    /// <summary>Matched company names joined with "; ", in the same order as the ids.</summary>
    public string MatchedCompanyNames { get; set; } = string.Empty;

    public string SearchedCompanyName { get; set; } = string.Empty;

    public override string ToString() => Display.Named(Name, EventId);
}
