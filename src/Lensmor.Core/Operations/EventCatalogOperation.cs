using System.Globalization;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>Get-LensmorEvent: the catalogue (GET /external/events/list, streamed) or one event's detail. Free.</summary>
public static class EventCatalogOperation
{
    public sealed class Filter
    {
        public string? Keyword { get; set; }
        public string? Country { get; set; }
        public string? City { get; set; }
        public DateTime? StartFrom { get; set; }
        public DateTime? StartTo { get; set; }
        public string[]? EventType { get; set; }
        public string[]? Quality { get; set; }
    }

    public static Task<long> ListAsync(LensmorSession session, ILensmorHost host, Filter filter, PagingOptions paging)
    {
        var keyword = InputValidation.Text(filter.Keyword, "Keyword", 200, required: false);
        var country = InputValidation.Text(filter.Country, "Country", 100, required: false);
        var city = InputValidation.Text(filter.City, "City", 100, required: false);
        if (filter.StartFrom > filter.StartTo)
        {
            throw Errors.LensmorException.InvalidArgument("-StartFrom is later than -StartTo. Nothing was sent.", filter.StartFrom, "Swap the two dates.");
        }

        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var pager = new Pager<EventItemDto>(session, host, (page, size) =>
            new LensmorRequest(HttpMethod.Get, "external/events/list", RequestKind.Read)
                .With("page", page).With("pageSize", size)
                .With("keyword", Empty(keyword)).With("country", Empty(country)).With("city", Empty(city))
                .With("date_start_from", Date(filter.StartFrom)).With("date_start_to", Date(filter.StartTo))
                .WithEach("event_type", filter.EventType).WithEach("quality", filter.Quality))
        {
            ProgressActivity = "Get-LensmorEvent",
        };
        var reads = RecentReads.For(session.Connection);
        return pager.StreamAsync(paging, pageSize, item =>
        {
            // Piped on to Unlock-LensmorEvent, an event is named by what this page said (RecentReads).
            reads.Event(item);
            return Event.From(item);
        });
    }

    public static async Task GetAsync(LensmorSession session, ILensmorHost host, string? rawId)
    {
        var id = InputValidation.EventId(rawId);
        host.WriteObject(Event.From(await EventLookup.GetAsync(session, host, id).ConfigureAwait(false)));
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static string? Date(DateTime? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
