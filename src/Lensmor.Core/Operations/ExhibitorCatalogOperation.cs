using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorExhibitor: the exhibitors of one event (GET /external/exhibitors/list, streamed, preview-aware)
/// or one exhibitor's profile (GET /external/exhibitors/profile). Free.
/// </summary>
public static class ExhibitorCatalogOperation
{
    public sealed class Filter
    {
        public string? Keyword { get; set; }
        public string? Country { get; set; }
        public string[]? Category { get; set; }
        public string[]? Industry { get; set; }
        public string[]? JobTitle { get; set; }
        public string[]? ManagementLevel { get; set; }
        public string[]? Department { get; set; }

        /// <summary>personnelLimit: how many sample people to attach to each exhibitor (0 or more).</summary>
        public int? PersonnelLimit { get; set; }
    }

    /// <param name="preview">The run's notice when several events are piped (the caller reports it once); null reports this list's own.</param>
    public static async Task<long> ListAsync(LensmorSession session, ILensmorHost host, string? rawEventId, Filter filter, PagingOptions paging, PreviewNotice? preview = null)
    {
        var eventId = InputValidation.EventId(rawEventId);
        var keyword = InputValidation.Text(filter.Keyword, "Keyword", 200, required: false);
        var country = InputValidation.Text(filter.Country, "Country", 100, required: false);
        var category = InputValidation.TextList(filter.Category, "Category", 200);
        var industry = InputValidation.TextList(filter.Industry, "Industry", 200);
        var jobTitle = InputValidation.TextList(filter.JobTitle, "JobTitle", 200);
        var level = InputValidation.TextList(filter.ManagementLevel, "ManagementLevel", 50);
        var department = InputValidation.TextList(filter.Department, "Department", 100);
        if (filter.PersonnelLimit is < 0)
        {
            throw LensmorException.InvalidArgument(
                $"-PersonnelLimit {filter.PersonnelLimit} is negative; the API accepts 0 or more. Nothing was sent.", filter.PersonnelLimit, "Pass -PersonnelLimit 0 or higher.");
        }

        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var notice = preview ?? new PreviewNotice("exhibitors");
        var pager = new Pager<ExhibitorItemDto>(session, host, (page, size) =>
            new LensmorRequest(HttpMethod.Get, "external/exhibitors/list", RequestKind.Read, eventId)
                .With("event_id", eventId).With("page", page).With("pageSize", size)
                .With("keyword", Empty(keyword)).With("country", Empty(country))
                .WithEach("category", category).WithEach("industry", industry)
                .WithEach("jobTitle", jobTitle).WithEach("managementLevel", level).WithEach("department", department)
                .With("personnelLimit", filter.PersonnelLimit))
        {
            OnPage = (envelope, page) => notice.Inspect(host, eventId, envelope.Semantics, page),
            ProgressActivity = $"Get-LensmorExhibitor: exhibitors of event {eventId}",
        };
        var written = await pager.StreamAsync(paging, pageSize, item => Exhibitor.From(item, eventId)).ConfigureAwait(false);
        if (preview == null)
        {
            notice.Report(host);
        }

        return written;
    }

    public static async Task GetAsync(LensmorSession session, ILensmorHost host, string? rawExhibitorId)
    {
        var exhibitorId = InputValidation.ExhibitorId(rawExhibitorId, "Id");
        var request = new LensmorRequest(HttpMethod.Get, "external/exhibitors/profile", RequestKind.Read, exhibitorId).With("exhibitor_id", exhibitorId);
        var response = await session.Client.SendAsync<ExhibitorProfileDto>(request, host).ConfigureAwait(false);
        var profile = response.Value;
        if (string.IsNullOrEmpty(profile.Id))
        {
            profile.Id = exhibitorId;
        }

        host.WriteObject(Exhibitor.From(profile));
    }

    internal static string? Empty(string value) => value.Length == 0 ? null : value;
}
