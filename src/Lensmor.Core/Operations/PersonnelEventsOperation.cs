using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorPersonnelEvent: the events of one person, by personnel id (GET personnel/events) or by LinkedIn
/// URL (GET personnel/events/by-linkedin, whose page is nested in `events`). Streamed; free.
/// </summary>
public static class PersonnelEventsOperation
{
    public static Task<long> ListAsync(LensmorSession session, ILensmorHost host, string? rawPersonnelId, PagingOptions paging)
    {
        var personnelId = InputValidation.PersonnelId(rawPersonnelId);
        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var pager = new Pager<EventItemDto>(session, host, (page, size) =>
            new LensmorRequest(HttpMethod.Get, "external/personnel/events", RequestKind.Read, personnelId)
                .With("personnel_id", personnelId).With("page", page).With("pageSize", size));
        return pager.StreamAsync(paging, pageSize, Event.From);
    }

    public static Task<long> ListByLinkedInAsync(LensmorSession session, ILensmorHost host, string? rawUrl, PagingOptions paging)
    {
        var url = PersonnelOperation.LinkedInUrl(rawUrl);
        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var pager = new Pager<EventItemDto>(session, host, async (page, size) =>
        {
            var request = new LensmorRequest(HttpMethod.Get, "external/personnel/events/by-linkedin", RequestKind.Read, url)
                .With("linkedin_url", url).With("page", page).With("pageSize", size);
            var r = await session.Client.SendAsync<PersonnelByLinkedinDto>(request, host).ConfigureAwait(false);
            return new LensmorResponse<PageDto<EventItemDto>>(
                r.Value.Events ?? new PageDto<EventItemDto>(), r.StatusCode, r.TraceId, r.PollAfterMs);
        });
        return pager.StreamAsync(paging, pageSize, Event.From);
    }
}
