using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorRecommendedExhibitor: GET /external/profile-matching/recommendations/exhibitors, the exhibitors
/// of one event recommended for the caller's profile, streamed. Free. In fallback mode (code
/// AI_SEARCH_RESULT_MISMATCH) a page can hold fewer than pageSize rows while hasMore is true; the pager
/// follows hasMore, not the row count.
/// </summary>
public static class RecommendedExhibitorOperation
{
    public const string FallbackCode = "AI_SEARCH_RESULT_MISMATCH";

    public sealed class Filter
    {
        public string[]? Location { get; set; }
        public string? SearchQuery { get; set; }
        public string[]? ExhibitorName { get; set; }
        public string[]? Category { get; set; }
        public string[]? Industry { get; set; }
        public int? EmployeesMin { get; set; }
        public int? EmployeesMax { get; set; }
    }

    public static Task<long> ListAsync(LensmorSession session, ILensmorHost host, string? rawEventId, Filter filter, PagingOptions paging)
    {
        var eventId = InputValidation.EventId(rawEventId);
        var location = InputValidation.TextList(filter.Location, "Location", 100);
        var search = InputValidation.Text(filter.SearchQuery, "SearchQuery", 200, required: false);
        var names = InputValidation.TextList(filter.ExhibitorName, "ExhibitorName", InputValidation.CompanyNameMaxLength);
        var category = InputValidation.TextList(filter.Category, "Category", 200);
        var industry = InputValidation.TextList(filter.Industry, "Industry", 200);
        InputValidation.CountRange(filter.EmployeesMin, filter.EmployeesMax, "EmployeesMin", "EmployeesMax");

        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var fallback = false;
        var warnedFallback = false;
        var warnedProcessing = false;
        var pager = new Pager<RecommendedExhibitorItemDto>(session, host, (page, size) =>
            new LensmorRequest(HttpMethod.Get, "external/profile-matching/recommendations/exhibitors", RequestKind.Read, eventId)
                .With("event_id", eventId).With("page", page).With("pageSize", size)
                .WithEach("location", location).With("searchQuery", ExhibitorCatalogOperation.Empty(search))
                .WithEach("exhibitorName", names).WithEach("category", category).WithEach("industry", industry)
                .With("employeesMin", filter.EmployeesMin).With("employeesMax", filter.EmployeesMax))
        {
            OnPage = (envelope, page) =>
            {
                fallback = string.Equals(envelope.ExtraValue<string>("code"), FallbackCode, StringComparison.OrdinalIgnoreCase);
                if (fallback && !warnedFallback)
                {
                    warnedFallback = true;
                    host.WriteWarning($"Lensmor returned unranked fallback rows for event {eventId} ({FallbackCode}): they are not profile recommendations (IsFallback is true on each row). Try again later for ranked results.");
                }

                if (envelope.ExtraValue<bool?>("recommendationProcessing") == true && !warnedProcessing)
                {
                    warnedProcessing = true;
                    host.WriteWarning($"Recommendations for event {eventId} are still being processed; the list may change. Try again in a few minutes.");
                }
            },
        };
        return pager.StreamAsync(paging, pageSize, item => RecommendedExhibitor.From(item, eventId, fallback));
    }
}
