using Lensmor.Core.Errors;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// The (person, event) targets of the per-person paid actions (contacts, LinkedIn activity, outreach): one
/// gathered id per pair, "event/person" (a slash is in no valid id, so the pair always splits back), grouped by
/// event and cut into requests of at most <c>maxPerRequest</c>.
/// </summary>
internal static class PersonBatches
{
    /// <summary>Validates a pair as it arrives; returns its gathered id.</summary>
    /// <param name="noun">How the error names the person: "Contact", "Person".</param>
    public static string Key(string? rawPersonnelId, string? rawEventId, int eventIdMaxLength, string noun = "Person", string because = "")
    {
        var personnelId = InputValidation.PersonnelId(rawPersonnelId);
        if (string.IsNullOrWhiteSpace(rawEventId))
        {
            throw LensmorException.InvalidArgument(
                $"{noun} {personnelId} has no -EventId{because}. Nothing was sent.", personnelId,
                "Pass -EventId, or pipe the people from Get-LensmorPersonnel -EventId <id>, whose rows carry it.");
        }

        return Key(InputValidation.EventId(rawEventId, eventIdMaxLength), personnelId);
    }

    public static string Key(string eventId, string personnelId) => eventId + "/" + personnelId;

    /// <summary>A gathered id back as its pair.</summary>
    public static (string EventId, string PersonnelId) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return (key.Substring(0, slash), key.Substring(slash + 1));
    }

    /// <summary>How the journal has always named a contact of a run: "event:person".</summary>
    public static string JournalTarget(string eventId, string personnelId) => eventId + ":" + personnelId;

    public static List<(string EventId, List<string> Ids)> Split(IEnumerable<string> keys, int maxPerRequest) =>
        Split(keys.Select(Parse), maxPerRequest);

    /// <summary>The pairs grouped by event (in the order events first appear) and cut into requests of at most <paramref name="maxPerRequest"/>.</summary>
    public static List<(string EventId, List<string> Ids)> Split(IEnumerable<(string EventId, string PersonnelId)> pairs, int maxPerRequest)
    {
        var batches = new List<(string, List<string>)>();
        foreach (var group in pairs.GroupBy(p => p.EventId))
        {
            var ids = group.Select(p => p.PersonnelId).ToList();
            for (var start = 0; start < ids.Count; start += maxPerRequest)
            {
                batches.Add((group.Key, ids.Skip(start).Take(maxPerRequest).ToList()));
            }
        }

        return batches;
    }

    /// <summary>How the prompt sizes the run: "3 people in 1 request".</summary>
    public static string SizeIn(int people, int requests) =>
        $"{people} {(people == 1 ? "person" : "people")} in {requests} request{(requests == 1 ? "" : "s")}";

    /// <summary>What the prompt names: "person 7000001 of event 139001", "3 people of 2 events".</summary>
    public static string Describe(IReadOnlyList<string> keys)
    {
        var pairs = keys.Select(Parse).ToList();
        var events = pairs.Select(p => p.EventId).Distinct().ToList();
        var where = events.Count == 1 ? "event " + events[0] : events.Count + " events";
        return pairs.Count == 1 ? $"person {pairs[0].PersonnelId} of {where}" : $"{pairs.Count} people of {where}";
    }
}
