using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>
/// Unlock-LensmorEvent: one instance per pipeline run, so that -WhatIf can total what the whole run would
/// have spent and each event's prompt shows the balance the earlier events would have left.
/// </summary>
public sealed class EventUnlockOperation
{
    private readonly LensmorSession session;
    private readonly EventUnlockScope scope;
    private readonly RunBudget budget;
    private decimal wouldSpend;
    private int wouldUnlock;

    /// <param name="maxCredits">-MaxCredits: the most the whole run (every piped event) may cost.</param>
    public EventUnlockOperation(LensmorSession session, EventUnlockScope scope = EventUnlockScope.Contacts, decimal? maxCredits = null)
    {
        this.session = session;
        this.scope = scope;
        budget = new RunBudget(maxCredits);
    }

    public async Task UnlockAsync(string? rawEventId, ILensmorHost host)
    {
        // 1. Validate locally.
        var eventId = InputValidation.EventId(rawEventId);

        // 2. Read-only preparation: name, precheck, balance.
        var detail = await EventLookup.GetAsync(session, host, eventId).ConfigureAwait(false);
        var target = $"event '{detail.Name ?? "(unnamed)"}' ({eventId})";
        var precheck = await PrecheckOperation.RunAsync(session, host, EventUnlockScopes.PrecheckAction(scope),
            new Dictionary<string, object> { ["event_id"] = eventId }, eventId).ConfigureAwait(false);

        // 3. Decide before asking. An earlier attempt that never settled is resumed by the state just read.
        using var paid = new PaidAction(session, host, "Unlock-LensmorEvent", "UnlockEvent", new[] { eventId }, scope.ToString(), budget.Remaining);
        var alreadyUnlocked = precheck.ReasonCode == PrecheckReasons.AlreadyUnlocked;
        if (paid.Unsettled is { } earlier)
        {
            // The unlock is idempotent: once unlocked, exactly one attempt paid, and the journal may know which.
            var applied = alreadyUnlocked && !paid.ChargedByAnotherAttempt(earlier);
            host.WriteWarning($"An earlier unlock of {target} was sent at {earlier.At:u} and never settled. Its outcome was read again instead of sending it twice: " +
                (applied ? "the event is unlocked, so that request was applied."
                    : alreadyUnlocked ? "the event is unlocked, but another attempt was the one charged."
                    : "the event is still locked, so that request was not applied."));
            paid.SettleEarlier(earlier, applied ? SpendOutcome.Charged : SpendOutcome.Failed, applied ? earlier.Expected : 0,
                "settled by re-reading the event's access state");
        }

        if (alreadyUnlocked)
        {
            host.WriteVerbose($"{target} is already unlocked ({scope}); nothing was sent and nothing was charged.");
            paid.RecordFree(note: "already unlocked");
            host.WriteObject(Receipt(eventId, detail.Name, "AlreadyUnlocked", 0, 0, null, null, null));
            return;
        }

        if (precheck.ReasonCode == PrecheckReasons.StateConflict)
        {
            // Before the balance checks: a visitor unlock that cannot happen should say why, not that credits are short.
            throw StateConflict(precheck, target, eventId, detail);
        }

        var expected = PrecheckOperation.ExpectedCost(precheck, EventUnlockScopes.ListPrice(scope));
        var balance = (await BalanceOperation.GetAsync(session, host).ConfigureAwait(false)).TotalBalance;
        var available = balance - (host.IsWhatIf ? wouldSpend : 0);
        if (precheck.ReasonCode == PrecheckReasons.InsufficientBalance)
        {
            throw LensmorException.InsufficientCredits(eventId, expected, available ?? 0);
        }

        paid.EnsureAffordable(expected, available, eventId);

        if (precheck.Allowed == false)
        {
            throw PrecheckDenial.ToError(precheck, target);
        }

        // 4. Ask.
        var action = $"{EventUnlockScopes.Describe(scope)} for {Credits.Format(expected)} credits (balance {Credits.Format(available)} -> {Credits.Format(available - expected)})";
        if (!host.ShouldProcess(target, action))
        {
            if (host.IsWhatIf)
            {
                wouldSpend += expected;
                wouldUnlock++;
                budget.Commit(expected);
            }

            return;
        }

        // 5. One paid request.
        budget.Commit(expected);
        var request = new LensmorRequest(HttpMethod.Post, EventUnlockScopes.Route(scope, eventId), RequestKind.Paid, eventId) { SendsCallSource = true };
        var response = await paid.SendAsync<EventUnlockResultDto>(request).ConfigureAwait(false);
        var result = response.Value;

        // 6. Refresh the balance, settle the intent and emit the receipt. The charge the API reports is the
        // billing truth; without it, what the balance moved, and failing that the expected cost.
        var after = await BalanceOperation.TryRefreshAsync(session, host).ConfigureAwait(false) ?? result.BalanceAfter?.TotalBalance;
        var charged = result.Charged ?? (balance - after) ?? expected;
        paid.Settle(charged, after, response.TraceId);
        var outcome = result.AlreadyUnlocked == true && charged == 0 ? "AlreadyUnlocked" : "Unlocked";
        if (charged != expected)
        {
            host.WriteWarning($"{target}: expected {Credits.Format(expected)} credits but Lensmor charged {Credits.Format(charged)} (traceId {response.TraceId ?? "none"}). The charge reported by the API is the billing truth.");
        }

        host.WriteObject(Receipt(eventId, result.Event?.Name ?? detail.Name, outcome, expected, charged, balance, after, response.TraceId));
    }

    /// <summary>Called once at the end of the pipeline: under -WhatIf, the total the run would have spent.</summary>
    public void Complete(ILensmorHost host)
    {
        if (host.IsWhatIf && wouldUnlock > 0)
        {
            host.WriteHostLine($"What if: in total this run would spend {Credits.Format(wouldSpend)} credits to unlock {wouldUnlock} event{(wouldUnlock == 1 ? "" : "s")}.");
        }
    }

    /// <summary>
    /// The visitor layer needs base access and an event that has visitor data; the API answers 409 otherwise,
    /// and its precheck says state_conflict. Either way the user gets LensmorConflict with the way forward.
    /// </summary>
    private LensmorException StateConflict(PrecheckResponseDto precheck, string target, string eventId, EventItemDto detail)
    {
        if (scope != EventUnlockScope.Visitors)
        {
            return PrecheckDenial.ToError(precheck, target);
        }

        if (detail.HasVisitors == false)
        {
            return new LensmorException(ErrorIds.Conflict, LensmorErrorCategory.ResourceBusy,
                $"{target} has no visitor data to unlock (precheck reason state_conflict). Nothing was sent and nothing was charged.",
                $"Unlock-LensmorEvent -Id {eventId} (base access) opens its exhibitors and personnel; the HasVisitors column of Get-LensmorEvent shows which events have visitor data.",
                false, eventId);
        }

        return new LensmorException(ErrorIds.Conflict, LensmorErrorCategory.ResourceBusy,
            $"Visitor access to {target} needs base event access first (precheck reason state_conflict). Nothing was sent and nothing was charged.",
            $"Run Unlock-LensmorEvent -Id {eventId} (base access, {Credits.Format(EventUnlockScopes.ListPrice(EventUnlockScope.Contacts))} credits) first, or use -Scope Full, which buys both layers and charges only the missing ones.",
            false, eventId);
    }

    private EventUnlockReceipt Receipt(string eventId, string? name, string outcome, decimal expected, decimal charged, decimal? before, decimal? after, string? traceId) => new()
    {
        EventId = eventId,
        EventName = name,
        Scope = scope.ToString(),
        Outcome = outcome,
        ExpectedCredits = expected,
        CreditsCharged = charged,
        BalanceBefore = before,
        BalanceAfter = after,
        TraceId = traceId,
        CompletedAt = Lensmor.Core.Model.Timestamps.Iso(DateTimeOffset.UtcNow),
    };
}
