using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>
/// Unlock-LensmorLinkedInActivity: POST personnel/unlock-linkedin-activity, at most 50 people per request.
/// The price is not documented; the sandbox charges 5 per person not analysed yet, so the prompt states an
/// upper bound and the receipt what the balance actually moved. One confirmation for the whole run.
/// </summary>
public sealed class LinkedInActivityUnlockOperation
{
    public const int MaxPerRequest = 50;
    public const int EventIdMaxLength = 20;

    /// <summary>Per person; undocumented (the sandbox's price). Already analysed people cost nothing.</summary>
    public const decimal ListPrice = 5;

    private readonly LensmorSession session;
    private readonly decimal? maxCredits;
    private readonly PersonBatches people = new(EventIdMaxLength);

    public LinkedInActivityUnlockOperation(LensmorSession session, decimal? maxCredits = null)
    {
        this.session = session;
        this.maxCredits = InputValidation.MaxCredits(maxCredits);
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
        var expected = ListPrice * people.Count;
        var before = (await BalanceOperation.GetAsync(session, host).ConfigureAwait(false)).TotalBalance;
        using var paid = new PaidAction(session, host, "Unlock-LensmorLinkedInActivity", "UnlockLinkedInActivity", batches.SelectMany(b => b.Ids), "", maxCredits);
        var earlier = paid.Unsettled;
        if (earlier != null)
        {
            host.WriteWarning($"An identical request sent at {earlier.At:u} has an unknown outcome. Lensmor does not charge people whose analysis already exists, " +
                              "so sending again reads their state: those it covered come back as AlreadyUnlocked and cost nothing.");
        }

        paid.EnsureAffordable(expected, before, target);

        var action = $"Start LinkedIn activity analysis for {people.Count} {(people.Count == 1 ? "person" : "people")} in {batches.Count} request{(batches.Count == 1 ? "" : "s")} " +
                     $"for up to {Credits.Format(expected)} credits ({Credits.Format(ListPrice)} per person not analysed yet; balance {Credits.Format(before)} -> {Credits.Format(before - expected)} at most)";
        if (!host.ShouldProcess(target, action))
        {
            return;
        }

        var (rows, failure, traceId) = await PerPersonRequests.SendAsync<LinkedinActivityUnlockResponseDto, LinkedInActivityUnlockResult>(
            paid, host, "external/personnel/unlock-linkedin-activity", batches,
            (eventId, ids) => new Dictionary<string, object> { ["personnel_ids"] = ids, ["event_id"] = eventId },
            ToRows).ConfigureAwait(false);

        var started = rows.Count(r => r.Success && !r.AlreadyUnlocked);
        await PerPersonRequests.SettleAsync(session, host, paid, "UnlockLinkedInActivity", target, expected, ListPrice * started, before, traceId, warnOnlyAbove: true, rows).ConfigureAwait(false);
        if (earlier != null && failure == null)
        {
            // What the earlier request applied is what is now found already analysed.
            var covered = rows.Count(r => r.AlreadyUnlocked);
            paid.SettleEarlier(earlier, covered > 0 ? SpendOutcome.Charged : SpendOutcome.Failed, ListPrice * covered,
                $"settled by sending again: {covered} of {rows.Count} people were already analysed (at the list price)");
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
