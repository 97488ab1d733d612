using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Operations.Paid;

/// <summary>One unlock task to create: the contacts of one event, at most <see cref="ContactPricing.MaxPerTask"/>, and what they should cost.</summary>
internal sealed record ContactBatch(string EventId, List<string> Ids, decimal Expected);

/// <summary>
/// Batching and pricing, for the contact unlocks: the contacts left to send, grouped by event and cut into
/// tasks of at most 100, each priced by the precheck, which may also say some need not be sent.
/// </summary>
internal sealed class ContactPricing(LensmorSession session, ContactChannel channel, ContactStates states)
{
    public const int MaxPerTask = 100;

    /// <summary>The tasks to create and what each should cost; contacts the precheck says need no task go to <paramref name="reported"/>.</summary>
    public async Task<List<ContactBatch>> PriceAsync(IEnumerable<ContactTarget> sendable, PlanSlice<ContactRun> plan, List<ContactUnlockResult> reported)
    {
        var batches = new List<ContactBatch>();
        foreach (var group in sendable.GroupBy(r => r.EventId))
        {
            var eventId = group.Key;
            var ids = group.Select(r => r.PersonnelId).ToList();
            for (var start = 0; start < ids.Count; start += MaxPerTask)
            {
                var chunk = ids.Skip(start).Take(MaxPerTask).ToList();
                if (await PriceAsync(eventId, chunk, plan, reported).ConfigureAwait(false) is { } batch)
                {
                    batches.Add(batch);
                }
            }
        }

        return batches;
    }

    private async Task<ContactBatch?> PriceAsync(string eventId, List<string> chunk, PlanSlice<ContactRun> plan, List<ContactUnlockResult> reported)
    {
        var precheck = await PrecheckOperation.RunAsync(session, plan.Host, ContactChannels.PrecheckAction(channel),
            new Dictionary<string, object> { ["event_id"] = eventId, ["personnel_ids"] = chunk }, eventId).ConfigureAwait(false);
        var sendable = states.Classify(chunk, eventId, SkippedFrom(precheck.Detail), reported);
        switch (precheck.ReasonCode)
        {
            case PrecheckReasons.AlreadyUnlocked:
                reported.AddRange(sendable.Select(id => states.Free(id, eventId, "AlreadyUnlocked", null)));
                return null;
            case PrecheckReasons.UnlockInProgress:
                reported.AddRange(sendable.Select(id => states.Free(id, eventId, "Unlocking", "unlock_in_progress")));
                return null;
            case PrecheckReasons.NoContactsAvailable:
                reported.AddRange(sendable.Select(id => states.Free(id, eventId, "Skipped", "no_contacts_available")));
                return null;
            case PrecheckReasons.InsufficientBalance:
                plan.PrecheckSaysShort = true;
                break;
            default:
                if (precheck.Allowed == false)
                {
                    plan.Fail(PrecheckDenial.ToError(precheck, $"{sendable.Count} contact(s) of event {eventId}"));
                    return null;
                }

                break;
        }

        return sendable.Count == 0
            ? null
            : new ContactBatch(eventId, sendable, PrecheckOperation.ExpectedCost(precheck, ContactChannels.ListPrice(channel) * sendable.Count));
    }

    private static SkippedDetailDto? SkippedFrom(JObject? detail)
    {
        try
        {
            return detail?["skipped_detail"] is JObject o ? o.ToObject<SkippedDetailDto>() : null;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }
}
