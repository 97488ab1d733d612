using Lensmor.Core.Session;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Unlock-LensmorLinkedInActivity: POST personnel/unlock-linkedin-activity, at most 50 people per request.
/// Lensmor publishes no price for it, so none is invented: the prompt says so, and -MaxCredits and the
/// session's -SpendLimit hold by what the balance actually moves, request by request (<see cref="SpendMeter"/>).
/// One confirmation for the whole run.
/// </summary>
public sealed class LinkedInActivityUnlockOperation
{
    public const int MaxPerRequest = 50;
    public const int EventIdMaxLength = 20;

    private readonly LensmorSession session;
    private readonly decimal? maxCredits;
    private readonly PersonBatches people = new(EventIdMaxLength);

    public LinkedInActivityUnlockOperation(LensmorSession session, decimal? maxCredits = null)
    {
        this.session = session;
        this.maxCredits = RunLimits.MaxCredits(maxCredits);
    }

    public void Add(string? personnelId, string? eventId) => people.Add(personnelId, eventId);

    public async Task RunAsync(ILensmorHost host)
    {
        if (people.Count == 0)
        {
            host.WriteVerbose("No people were given; nothing to unlock.");
            return;
        }

        var batches = people.Split(MaxPerRequest);
        var target = people.Describe();
        using var run = new PaidRun(session.Spending, host, "LinkedIn activity run", maxCredits);
        var paid = new PaidAction(session.Spending, host, "Unlock-LensmorLinkedInActivity", "UnlockLinkedInActivity", batches.SelectMany(b => b.Ids), "");
        var earlier = paid.Unsettled;
        if (earlier != null)
        {
            host.WriteWarning($"An identical request sent at {earlier.At:u} has an unknown outcome. Lensmor does not charge people whose analysis already exists, " +
                              "so sending again reads their state: those it covered come back as AlreadyUnlocked and cost nothing.");
        }

        run.Add(new PlannedSpend(target,
            $"Start LinkedIn activity analysis for {people.SizeIn(batches.Count)}",
            expected: null, paid)
        {
            PriceNote = "people already analysed are not charged",
        });
        await run.ExecuteAsync(async (spend, before) =>
        {
            paid.EnsureAffordable(0, before, target);
            var meter = new SpendMeter(run.MaxCredits, session.SpendLimit);
            var (rows, failure, traceId) = await PerPersonRequests.SendAsync<LinkedinActivityUnlockResponseDto, LinkedInActivityUnlockResult>(
                paid, host, "external/personnel/unlock-linkedin-activity", batches,
                (eventId, ids) => new Dictionary<string, object> { ["personnel_ids"] = ids, ["event_id"] = eventId },
                ToRows, meter, session, before).ConfigureAwait(false);

            var started = rows.Count(r => r.Success && !r.AlreadyUnlocked);
            var charged = await PerPersonRequests.SettleAsync(session, host, paid, "UnlockLinkedInActivity", target, null, meter.Spent, before, traceId, warnOnlyAbove: true, rows).ConfigureAwait(false);
            if (earlier != null && failure == null)
            {
                // What the earlier request applied is what is now found already analysed; what it cost is what
                // the balance moved during that run.
                var covered = rows.Count(r => r.AlreadyUnlocked);
                paid.SettleEarlier(earlier, covered > 0 ? SpendOutcome.Charged : SpendOutcome.Failed, earlier.Charged ?? 0,
                    $"settled by sending again: {covered} of {rows.Count} people were already analysed");
            }

            PerPersonRequests.WarnAboutFailures(host, rows, r => !r.Success, r => $"{r.PersonnelId} ({r.Error ?? "no reason given"})", "people could not be analysed");
            if (started > 0)
            {
                host.WriteVerbose($"Analysis runs in the background: Get-LensmorPersonnel -EventId shows LinkedInActivityStatus 'ready' once done.");
            }

            if (failure != null)
            {
                throw failure;
            }

            return charged ?? 0;
        }).ConfigureAwait(false);
    }

    private static IEnumerable<LinkedInActivityUnlockResult> ToRows(LinkedinActivityUnlockResponseDto response, string eventId, List<string> ids)
    {
        var items = (response.Items ?? new List<LinkedinActivityUnlockItemDto>()).Where(i => i.PersonnelId != null)
            .GroupBy(i => i.PersonnelId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return ids.Select(id => items.TryGetValue(id, out var item)
            ? new LinkedInActivityUnlockResult
            {
                PersonnelId = id, EventId = eventId, Success = item.Success == true, AlreadyUnlocked = item.AlreadyUnlocked == true, TaskId = item.TaskId, Error = item.Error,
            }
            : new LinkedInActivityUnlockResult { PersonnelId = id, EventId = eventId, Success = false, Error = "NOT_IN_RESPONSE" });
    }
}
