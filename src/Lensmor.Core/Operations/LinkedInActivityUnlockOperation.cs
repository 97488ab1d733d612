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

        var rows = new List<LinkedInActivityUnlockResult>();
        LensmorException? failure = null;
        string? traceId = null;
        foreach (var (eventId, ids) in batches)
        {
            LensmorResponse<LinkedinActivityUnlockResponseDto> response;
            try
            {
                var request = new LensmorRequest(HttpMethod.Post, "external/personnel/unlock-linkedin-activity", RequestKind.Paid, eventId)
                {
                    SendsCallSource = true,
                    Body = new Dictionary<string, object> { ["personnel_ids"] = ids, ["event_id"] = eventId },
                };
                response = await paid.SendAsync<LinkedinActivityUnlockResponseDto>(request).ConfigureAwait(false);
            }
            catch (LensmorException e) when (e.IsTerminating)
            {
                failure = e;
                break;
            }
            catch (LensmorException e)
            {
                host.WriteError(e);
                continue;
            }

            traceId = response.TraceId;
            var items = (response.Value.Items ?? new List<LinkedinActivityUnlockItemDto>()).Where(i => i.PersonnelId != null)
                .GroupBy(i => i.PersonnelId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var row = items.TryGetValue(id, out var item)
                    ? new LinkedInActivityUnlockResult
                    {
                        PersonnelId = id, EventId = eventId, Success = item.Success == true, AlreadyUnlocked = item.AlreadyUnlocked == true, TaskId = item.TaskId, Error = item.Error,
                    }
                    : new LinkedInActivityUnlockResult { PersonnelId = id, EventId = eventId, Success = false, Error = "NOT_IN_RESPONSE" };
                rows.Add(row);
                host.WriteObject(row);
            }
        }

        var after = await BalanceOperation.TryRefreshAsync(session, host).ConfigureAwait(false);
        var charged = before - after;
        var started = rows.Count(r => r.Success && !r.AlreadyUnlocked);
        paid.Settle(charged ?? ListPrice * started);
        if (earlier != null && failure == null)
        {
            // What the earlier request applied is what is now found already analysed.
            var covered = rows.Count(r => r.AlreadyUnlocked);
            paid.SettleEarlier(earlier, covered > 0 ? SpendOutcome.Charged : SpendOutcome.Failed, ListPrice * covered,
                $"settled by sending again: {covered} of {rows.Count} people were already analysed (at the list price)");
        }
        var receipt = new SpendReceipt
        {
            Action = "UnlockLinkedInActivity", Target = target, ExpectedCredits = expected, CreditsCharged = charged,
            BalanceBefore = before, BalanceAfter = after, TraceId = traceId, CompletedAt = DateTimeOffset.UtcNow,
        };
        host.WriteInformation(receipt, "Lensmor", "Receipt");
        host.WriteVerbose(receipt.ToString());
        if (charged is { } moved && moved > expected)
        {
            host.WriteWarning($"{target}: expected at most {Credits.Format(expected)} credits but the balance moved by {Credits.Format(moved)}. The charge Lensmor applied is the billing truth.");
        }

        var failed = rows.Where(r => !r.Success).ToList();
        if (failed.Count > 0)
        {
            host.WriteWarning($"{failed.Count} of {rows.Count} people could not be analysed: " +
                              string.Join(", ", failed.Take(10).Select(r => $"{r.PersonnelId} ({r.Error ?? "no reason given"})")) + (failed.Count > 10 ? ", ..." : "") + ".");
        }

        if (started > 0)
        {
            host.WriteVerbose($"Analysis runs in the background: Get-LensmorPersonnel -EventId shows LinkedInActivityStatus 'ready' once done.");
        }

        if (failure != null)
        {
            throw failure;
        }
    }
}
