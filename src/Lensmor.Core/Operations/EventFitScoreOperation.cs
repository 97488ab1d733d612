using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorEventFitScore: POST /external/events/fit-score (201), one event scored against the caller's
/// profile. Free and read-only, so it is retried like a read. A 409 means the profile's recommendations are
/// still being processed.
/// </summary>
public static class EventFitScoreOperation
{
    public static async Task GetAsync(LensmorSession session, ILensmorHost host, string? rawEventId)
    {
        var eventId = InputValidation.EventId(rawEventId);
        var request = new LensmorRequest(HttpMethod.Post, "external/events/fit-score", RequestKind.Read, eventId)
        {
            Body = new Dictionary<string, object> { ["event_id"] = eventId },
        };
        var response = await session.Client.SendAsync<EventFitScoreDto>(request, host).ConfigureAwait(false);
        host.WriteObject(EventFitScore.From(response.Value, eventId));
    }
}
