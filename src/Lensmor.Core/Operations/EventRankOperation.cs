using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorEventRank: POST /external/events/rank (201). The whole shortlist goes in one request, so the
/// cmdlet collects every piped id first. Free.
/// </summary>
public static class EventRankOperation
{
    /// <summary>
    /// The contract sets no upper bound on event_ids; a shortlist is short, and the reference sandbox accepts
    /// at most 100, so a longer list is refused locally with a clear message rather than half-ranked.
    /// </summary>
    public const int MaxEvents = 100;

    public static async Task RankAsync(LensmorSession session, ILensmorHost host, IEnumerable<string?> rawEventIds)
    {
        var ids = new List<string>();
        foreach (var raw in rawEventIds)
        {
            var id = InputValidation.EventId(raw);
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            throw LensmorException.InvalidArgument("-EventId names no event to rank. Nothing was sent.", null, "Pass one or more event ids, or pipe Get-LensmorEvent into Get-LensmorEventRank.");
        }

        if (ids.Count > MaxEvents)
        {
            throw LensmorException.InvalidArgument(
                $"{ids.Count} events were given; a shortlist to rank holds at most {MaxEvents}. Nothing was sent.", ids.Count,
                $"Narrow the list first (for example with Get-LensmorEventFitScore) and rank at most {MaxEvents} events.");
        }

        var request = new LensmorRequest(HttpMethod.Post, "external/events/rank", RequestKind.Read, string.Join(",", ids))
        {
            Body = new Dictionary<string, object> { ["event_ids"] = ids },
        };
        var response = await session.Client.SendAsync<EventRankResponseDto>(request, host).ConfigureAwait(false);
        var items = response.Value.Items ?? new List<EventRankItemDto>();
        foreach (var item in items.OrderBy(i => i.Rank ?? int.MaxValue))
        {
            host.WriteObject(EventRank.From(item));
        }

        if (items.Count < ids.Count)
        {
            var ranked = new HashSet<string>(items.Select(i => i.EventId ?? string.Empty), StringComparer.Ordinal);
            host.WriteWarning($"{ids.Count - items.Count} of {ids.Count} events came back unranked: {string.Join(", ", ids.Where(id => !ranked.Contains(id)))}.");
        }
    }
}
