using Lensmor.Core.Errors;
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

    /// <summary>
    /// The tasks to create and what each should cost; contacts the precheck says need no task go to
    /// <paramref name="reported"/>. The prechecks (one per task) go out together; what they say is kept in order.
    /// </summary>
    public async Task<List<ContactBatch>> PriceAsync(IEnumerable<ContactTarget> sendable, PlanSlice<ContactRun> plan, List<ContactUnlockResult> reported)
    {
        var chunks = PersonBatches.Split(sendable.Select(r => (r.EventId, r.PersonnelId)), MaxPerTask);

        var priced = await PlanReads.AllAsync(chunks, chunk => PriceAsync(chunk.EventId, chunk.Ids, plan.Host), plan.Host.CancellationToken).ConfigureAwait(false);
        var batches = new List<ContactBatch>();
        foreach (var price in priced)
        {
            reported.AddRange(price.Reported);
            plan.PrecheckSaysShort |= price.SaysShort;
            if (price.Denied is { } denied)
            {
                plan.Fail(denied);
            }
            else if (price.Batch is { } batch)
            {
                batches.Add(batch);
            }
        }

        return batches;
    }

    private async Task<Priced> PriceAsync(string eventId, List<string> chunk, Hosting.ILensmorHost host)
    {
        var precheck = await PrecheckOperation.RunAsync(session, host, ContactChannels.PrecheckAction(channel),
            new Dictionary<string, object> { ["event_id"] = eventId, ["personnel_ids"] = chunk }, eventId).ConfigureAwait(false);
        var priced = new Priced();
        var sendable = states.Classify(chunk, eventId, SkippedFrom(precheck.Detail), priced.Reported);
        switch (precheck.ReasonCode)
        {
            case PrecheckReasons.AlreadyUnlocked:
                priced.Reported.AddRange(sendable.Select(id => states.Free(id, eventId, "AlreadyUnlocked", null)));
                return priced;
            case PrecheckReasons.UnlockInProgress:
                priced.Reported.AddRange(sendable.Select(id => states.Free(id, eventId, "Unlocking", "unlock_in_progress")));
                return priced;
            case PrecheckReasons.NoContactsAvailable:
                priced.Reported.AddRange(sendable.Select(id => states.Free(id, eventId, "Skipped", "no_contacts_available")));
                return priced;
            case PrecheckReasons.InsufficientBalance:
                priced.SaysShort = true;
                break;
            default:
                if (precheck.Allowed == false)
                {
                    priced.Denied = PrecheckDenial.ToError(precheck, $"{sendable.Count} contact(s) of event {eventId}");
                    return priced;
                }

                break;
        }

        priced.Batch = sendable.Count == 0
            ? null
            : new ContactBatch(eventId, sendable, PrecheckOperation.ExpectedCost(precheck, ContactChannels.ListPrice(channel) * sendable.Count));
        return priced;
    }

    /// <summary>What one precheck said: the task to create, the contacts it need not hold, or a denial.</summary>
    private sealed class Priced
    {
        public ContactBatch? Batch { get; set; }
        public List<ContactUnlockResult> Reported { get; } = new();
        public bool SaysShort { get; set; }
        public LensmorException? Denied { get; set; }
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
