using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorPersonnel: the people of one event (GET personnel/list, streamed, preview-aware), one person
/// by id (personnel/profile) or by LinkedIn URL (personnel/events/by-linkedin's personnel). Free.
/// </summary>
public static class PersonnelOperation
{
    public const int LinkedInUrlMaxLength = 500;

    /// <summary>The contract's sourceType enum, as it must be sent (the API compares case); -SourceType takes any case.</summary>
    public static readonly IReadOnlyList<string> SourceTypes = new[] { "exhibitor", "social", "visitors" };

    public sealed class Filter
    {
        public string? EventId { get; set; }
        public string? ExhibitorId { get; set; }
        public string? Department { get; set; }
        public string? Level { get; set; }
        public string? SearchQuery { get; set; }
        public string? SourceType { get; set; }
    }

    /// <param name="preview">The run's notice when several events are piped (the caller reports it once); null reports this list's own.</param>
    public static async Task<long> ListAsync(LensmorSession session, ILensmorHost host, Filter filter, PagingOptions paging, PreviewNotice? preview = null)
    {
        var eventId = InputValidation.EventId(filter.EventId);
        var exhibitorId = filter.ExhibitorId == null ? null : InputValidation.Id(filter.ExhibitorId, "ExhibitorId", 100);
        var department = InputValidation.Text(filter.Department, "Department", 100, required: false);
        var level = InputValidation.Text(filter.Level, "Level", 50, required: false);
        var search = InputValidation.Text(filter.SearchQuery, "SearchQuery", 200, required: false);
        var sourceType = SourceType(filter.SourceType);
        var pageSize = paging.ResolvePageSize(InputValidation.MaxPersonnelPageSize);

        var notice = preview ?? new PreviewNotice("people");
        var pager = new Pager<ContactItemDto>(session, host, (page, size) =>
            new LensmorRequest(HttpMethod.Get, "external/personnel/list", RequestKind.Read, eventId)
                .With("event_id", eventId).With("page", page).With("pageSize", size)
                .With("exhibitor_id", exhibitorId).With("department", Empty(department)).With("level", Empty(level))
                .With("search_query", Empty(search)).With("sourceType", sourceType))
        {
            OnPage = (envelope, page) => notice.Inspect(host, eventId, envelope.Semantics, page),
            ProgressActivity = $"Get-LensmorPersonnel: people of event {eventId}",
        };
        var reads = RecentReads.For(session.Connection);
        var written = await pager.StreamAsync(paging, pageSize, item =>
        {
            // Piped on to a contact unlock, a person's unlock state is taken from this page while fresh (RecentReads).
            reads.Person(item);
            return Personnel.From(item, eventId, exhibitorId);
        }).ConfigureAwait(false);
        if (preview == null)
        {
            notice.Report(host);
        }

        return written;
    }

    public static async Task GetAsync(LensmorSession session, ILensmorHost host, string? rawId) =>
        host.WriteObject(Personnel.From(await ProfileAsync(session, host, InputValidation.PersonnelId(rawId)).ConfigureAwait(false), null));

    /// <summary>GET personnel/profile (free): one person, remembered as read now (<see cref="RecentReads"/>).</summary>
    public static async Task<ContactItemDto> ProfileAsync(LensmorSession session, ILensmorHost host, string personnelId)
    {
        var request = new LensmorRequest(HttpMethod.Get, "external/personnel/profile", RequestKind.Read, personnelId).With("personnel_id", personnelId);
        var profile = (await session.Client.SendAsync<ContactItemDto>(request, host).ConfigureAwait(false)).Value;
        RecentReads.For(session.Connection).Person(profile);
        return profile;
    }

    public static async Task GetByLinkedInAsync(LensmorSession session, ILensmorHost host, string? rawUrl)
    {
        var url = LinkedInUrl(rawUrl);
        var request = new LensmorRequest(HttpMethod.Get, "external/personnel/events/by-linkedin", RequestKind.Read, url)
            .With("linkedin_url", url).With("page", 1).With("pageSize", 1);
        var response = await session.Client.SendAsync<PersonnelByLinkedinDto>(request, host).ConfigureAwait(false);
        if (response.Value.Personnel == null)
        {
            throw new LensmorException(ErrorIds.UnexpectedResponse, LensmorErrorCategory.InvalidData,
                $"Lensmor answered the LinkedIn lookup of '{url}' without a person (traceId {response.TraceId ?? "none"}).",
                "Try Get-LensmorPersonnel -Id with the person's id instead.", false, url, traceId: response.TraceId);
        }

        // The person's event is the first related event when there is exactly one; otherwise leave it empty.
        var events = response.Value.Events;
        var eventId = events?.Total == 1 && events.Items is { Count: 1 } ? events.Items[0].PreferredId : null;
        host.WriteObject(Personnel.From(response.Value.Personnel, eventId));
    }

    public static string LinkedInUrl(string? rawUrl)
    {
        var url = InputValidation.Text(rawUrl, "LinkedInUrl", LinkedInUrlMaxLength, required: true);
        if (url.IndexOf("linkedin.com/", StringComparison.OrdinalIgnoreCase) < 0 || url.Any(char.IsWhiteSpace))
        {
            throw LensmorException.InvalidArgument(
                $"-LinkedInUrl '{url}' is not a LinkedIn profile URL. Nothing was sent.", rawUrl, "Pass a URL such as https://www.linkedin.com/in/jane-smith.");
        }

        return url;
    }

    private static string? SourceType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value!.Trim();
        var known = SourceTypes.FirstOrDefault(s => string.Equals(s, trimmed, StringComparison.OrdinalIgnoreCase));
        return known ?? throw LensmorException.InvalidArgument(
            $"-SourceType '{trimmed}' is not one of exhibitor, social, visitors. Nothing was sent.", value, "Pass -SourceType exhibitor, social or visitors.");
    }

    internal static string? Empty(string value) => value.Length == 0 ? null : value;
}
