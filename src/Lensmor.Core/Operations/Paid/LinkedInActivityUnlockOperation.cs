using Lensmor.Core.Hosting;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Unlock-LensmorLinkedInActivity on the paid-run skeleton: POST personnel/unlock-linkedin-activity, at most 50
/// people per request, one confirmation for the whole run. Lensmor publishes no price for it, so none is
/// invented: the prompt says so, and -MaxCredits and the session's -SpendLimit hold by what the balance
/// actually moves, request by request (<see cref="PaidSender.Meter"/>).
/// </summary>
public sealed class LinkedInActivityUnlockOperation : IPaidSteps<PeopleRun>
{
    public const int MaxPerRequest = 50;
    public const int EventIdMaxLength = 20;

    private readonly PaidRun<PeopleRun> run;

    public LinkedInActivityUnlockOperation(LensmorSession session, decimal? maxCredits = null) =>
        run = new PaidRun<PeopleRun>(() => session.Spending, this, maxCredits);

    PaidRunShape IPaidSteps<PeopleRun>.Shape { get; } = new("Unlock-LensmorLinkedInActivity", "LinkedIn activity run")
    {
        PlanSliceSize = 0,
        WhenEmpty = "No people were given; nothing to unlock.",
    };

    /// <summary>The run as -PlanPath and Invoke-LensmorPlan drive it.</summary>
    public IPaidRun Paid => run;

    public void Add(string? personnelId, string? eventId) => run.Gather(PersonBatches.Key(personnelId, eventId, EventIdMaxLength));

    public Task RunAsync(ILensmorHost host) => run.RunAsync(host);

    Task IPaidSteps<PeopleRun>.PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<PeopleRun> plan)
    {
        var batches = PersonBatches.Split(targetIds, MaxPerRequest);
        var intent = plan.Intent("UnlockLinkedInActivity", batches.SelectMany(b => b.Ids));
        var earlier = intent.Unsettled;
        if (earlier != null)
        {
            plan.Warn($"An identical request sent at {earlier.At:u} has an unknown outcome. Lensmor does not charge people whose analysis already exists, " +
                      "so sending again reads their state: those it covered come back as AlreadyUnlocked and cost nothing.");
        }

        plan.Add(new PlanTarget(Join.Values(targetIds), PersonBatches.Describe(targetIds),
            $"Start LinkedIn activity analysis for {PersonBatches.SizeIn(targetIds.Count, batches.Count)}", ExpectedCredits: null,
            PriceNote: "people already analysed are not charged"), new PeopleRun(batches, earlier), intent);
        return Task.CompletedTask;
    }

    async Task<Sent> IPaidSteps<PeopleRun>.SendAsync(Planned<PeopleRun> target, PaidSender sender)
    {
        var (sent, rows) = await PerPersonRequests.SendAsync<LinkedinActivityUnlockResponseDto, LinkedInActivityUnlockResult>(
            sender, "external/personnel/unlock-linkedin-activity", target.State.Batches,
            (eventId, ids) => new Dictionary<string, object> { ["personnel_ids"] = ids, ["event_id"] = eventId }, ToRows).ConfigureAwait(false);

        if (target.State.Earlier is { } earlier && sent.Failure == null)
        {
            // What the earlier request applied is what is now found already analysed; what it cost is what the
            // balance moved during that run.
            var covered = rows.Count(r => r.AlreadyUnlocked);
            sender.SettleEarlier(earlier, covered > 0 ? SpendOutcome.Charged : SpendOutcome.Failed, earlier.Charged ?? 0,
                $"settled by sending again: {covered} of {rows.Count} people were already analysed");
        }

        if (PerPersonRequests.Failures(rows, r => !r.Success, r => $"{r.PersonnelId} ({r.Error ?? "no reason given"})", "people could not be analysed") is { } failures)
        {
            sent.Warnings.Add(failures);
        }

        if (rows.Any(r => r.Success && !r.AlreadyUnlocked))
        {
            sent.Notes.Add("Analysis runs in the background: Get-LensmorPersonnel -EventId shows LinkedInActivityStatus 'ready' once done.");
        }

        return sent;
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

/// <summary>What a per-person run's plan hands its send step: the requests to make, and an earlier unsettled attempt.</summary>
internal sealed record PeopleRun(List<(string EventId, List<string> Ids)> Batches, JournalRecord? Earlier = null);
