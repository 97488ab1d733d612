using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

public static class EventLookup
{
    /// <summary>GET /external/events/{id}: the event detail (free). A 404 becomes LensmorNotFound.</summary>
    public static async Task<EventItemDto> GetAsync(LensmorSession session, ILensmorHost host, string eventId)
    {
        var request = new LensmorRequest(HttpMethod.Get, "external/events/" + Uri.EscapeDataString(eventId), RequestKind.Read, eventId);
        var response = await session.Client.SendAsync<EventDetailEnvelopeDto>(request, host).ConfigureAwait(false);
        var detail = response.Value.Event ?? new EventItemDto { Id = eventId, EventId = eventId };
        RecentReads.For(session.Connection).Event(detail);
        return detail;
    }
}
