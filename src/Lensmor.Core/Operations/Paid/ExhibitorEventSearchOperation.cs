using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Search-LensmorExhibitorEvents: POST /external/exhibitors/search-events. Each call (each page) costs up to
/// 50 credits and, from 0.24, nothing when it finds nothing, so one call fetches exactly one page and the
/// receipt reports what the balance actually moved.
/// </summary>
public static class ExhibitorEventSearchOperation
{
    public const decimal ListPrice = PaidCompanySearch<EventReverseSearchItemDto>.ListPrice;

    private static readonly CompanySearchKind<EventReverseSearchItemDto> Search = new(
        "Search-LensmorExhibitorEvents", "SearchExhibitorEvents", "external/exhibitors/search-events", "events",
        PrecheckActionTypes.SearchExhibitorEvents, (item, companyName) => ToMatch(item, companyName));

    /// <summary>A run of one company name.</summary>
    public static Task RunAsync(LensmorSession session, ILensmorHost host, string? rawCompanyName, int page = 1, int pageSize = 20, decimal? maxCredits = null, bool retryUnsettled = false) =>
        Search.RunAsync(session, host, new[] { rawCompanyName }, page, pageSize, maxCredits, retryUnsettled, single: true);

    /// <summary>A run of every company name the pipeline gave: priced and checked as a whole before the first prompt.</summary>
    public static Task RunAsync(LensmorSession session, ILensmorHost host, IEnumerable<string?> rawCompanyNames, int page = 1, int pageSize = 20, decimal? maxCredits = null, bool retryUnsettled = false) =>
        Search.RunAsync(session, host, rawCompanyNames, page, pageSize, maxCredits, retryUnsettled, single: false);

    /// <summary>A pipeline run (the cmdlet): -MaxCredits and paging checked now, names gathered, then run once.</summary>
    public static CompanySearchRun Start(LensmorSession session, int page = 1, int pageSize = 20, decimal? maxCredits = null, bool retryUnsettled = false) =>
        Search.Start(session, page, pageSize, maxCredits, retryUnsettled);

    public static ExhibitorEventMatch ToMatch(EventReverseSearchItemDto item, string companyName)
    {
        var matched = item.MatchedExhibitors ?? new List<MatchedExhibitorDto>();
        return new ExhibitorEventMatch
        {
            EventId = item.PreferredId ?? string.Empty,
            Name = item.Name,
            DateStart = UtcTime.FromWire(item.DateStart),
            DateEnd = UtcTime.FromWire(item.DateEnd),
            City = item.City,
            Region = item.Region,
            Country = item.Country,
            Venue = item.Venue,
            Url = item.Url,
            ExhibitorCount = item.ExhibitorCount,
            HasVisitors = item.HasVisitors,
            SponsorMatchStarred = item.IsSponsorMatchStarred,
            MatchedExhibitorCount = matched.Count,
            MatchedExhibitorIds = string.Join("; ", matched.Select(m => m.Id ?? string.Empty)),
            MatchedCompanyNames = string.Join("; ", matched.Select(m => m.CompanyName ?? string.Empty)),
            SearchedCompanyName = companyName,
        };
    }
}
