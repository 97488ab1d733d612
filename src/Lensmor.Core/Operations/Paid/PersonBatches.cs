using Lensmor.Core.Errors;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Collects (person, event) pairs for the per-person paid actions (LinkedIn activity, outreach): validated
/// as they arrive, duplicates dropped, then grouped by event and cut into requests of at most <c>maxPerRequest</c>.
/// </summary>
internal sealed class PersonBatches
{
    private readonly int eventIdMaxLength;
    private readonly List<(string PersonnelId, string EventId)> items = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public PersonBatches(int eventIdMaxLength) => this.eventIdMaxLength = eventIdMaxLength;

    public int Count => items.Count;

    public void Add(string? rawPersonnelId, string? rawEventId)
    {
        var personnelId = InputValidation.PersonnelId(rawPersonnelId);
        if (string.IsNullOrWhiteSpace(rawEventId))
        {
            throw LensmorException.InvalidArgument(
                $"Person {personnelId} has no -EventId. Nothing was sent.", personnelId,
                "Pass -EventId, or pipe the people from Get-LensmorPersonnel -EventId <id>, whose rows carry it.");
        }

        var eventId = InputValidation.Id(rawEventId, "EventId", eventIdMaxLength, "Event ids come from Get-LensmorEvent (EventId).");
        if (seen.Add(eventId + "\n" + personnelId))
        {
            items.Add((personnelId, eventId));
        }
    }

    public List<(string EventId, List<string> Ids)> Split(int maxPerRequest)
    {
        var batches = new List<(string, List<string>)>();
        foreach (var group in items.GroupBy(i => i.EventId))
        {
            var ids = group.Select(i => i.PersonnelId).ToList();
            for (var start = 0; start < ids.Count; start += maxPerRequest)
            {
                batches.Add((group.Key, ids.Skip(start).Take(maxPerRequest).ToList()));
            }
        }

        return batches;
    }

    /// <summary>How the prompt sizes the run: "3 people in 1 request".</summary>
    public string SizeIn(int requests) =>
        $"{items.Count} {(items.Count == 1 ? "person" : "people")} in {requests} request{(requests == 1 ? "" : "s")}";

    public string Describe()
    {
        var events = items.Select(i => i.EventId).Distinct().ToList();
        var where = events.Count == 1 ? "event " + events[0] : events.Count + " events";
        return items.Count == 1 ? $"person {items[0].PersonnelId} of {where}" : $"{items.Count} people of {where}";
    }
}
