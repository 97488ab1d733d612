using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>Get-LensmorEventBrief: GET /external/events/brief, the event plus its summary. Free.</summary>
public static class EventBriefOperation
{
    public static async Task GetAsync(LensmorSession session, ILensmorHost host, string? rawEventId)
    {
        var eventId = InputValidation.EventId(rawEventId);
        var request = new LensmorRequest(HttpMethod.Get, "external/events/brief", RequestKind.Read, eventId).With("event_id", eventId);
        var response = await session.Client.SendAsync<EventBriefDto>(request, host).ConfigureAwait(false);
        host.WriteObject(EventBrief.From(response.Value, eventId));
    }
}
