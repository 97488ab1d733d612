using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>Get-LensmorExhibitorEvent: GET /external/exhibitors/events, the events of one exhibitor, streamed. Free.</summary>
public static class ExhibitorEventsOperation
{
    public static Task<long> ListAsync(LensmorSession session, ILensmorHost host, string? rawExhibitorId, PagingOptions paging)
    {
        var exhibitorId = InputValidation.ExhibitorId(rawExhibitorId);
        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var pager = new Pager<EventItemDto>(session, host, (page, size) =>
            new LensmorRequest(HttpMethod.Get, "external/exhibitors/events", RequestKind.Read, exhibitorId)
                .With("exhibitor_id", exhibitorId).With("page", page).With("pageSize", size));
        return pager.StreamAsync(paging, pageSize, Event.From);
    }
}
