using Lensmor.Core.Session;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Unlock-LensmorEvent: one instance per pipeline run. Every -Id and every piped event is gathered first
/// (<see cref="Add"/>), then <see cref="RunAsync"/> prices the whole run, refuses it whole when it is over
/// -MaxCredits, the session's spend limit or the balance, and only then asks and sends, one event at a time.
/// </summary>
public sealed class EventUnlockOperation
{
    private const string CmdletName = "Unlock-LensmorEvent";
    private readonly LensmorSession session;
    private readonly EventUnlockScope scope;
    private readonly decimal? maxCredits;
    private readonly List<string> eventIds = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    /// <param name="maxCredits">-MaxCredits: the most the whole run (every event) may cost.</param>
    public EventUnlockOperation(LensmorSession session, EventUnlockScope scope = EventUnlockScope.Contacts, decimal? maxCredits = null)
    {
        this.session = session;
        this.scope = scope;
        this.maxCredits = RunLimits.MaxCredits(maxCredits);
    }

    /// <summary>Gathers one event of the run; bad input is refused here, and a repeated id counts once.</summary>
    public void Add(string? rawEventId)
    {
        var eventId = InputValidation.EventId(rawEventId);
        if (seen.Add(eventId))
        {
            eventIds.Add(eventId);
        }
    }

    /// <summary>A run of one event (Core callers and tests): its error, if any, is thrown.</summary>
    public Task UnlockAsync(string? rawEventId, ILensmorHost host)
    {
        Add(rawEventId);
        return RunAsync(host, throwPerItem: true);
    }

    /// <summary>Plans, checks, asks and sends every event gathered so far; the run then starts empty again.</summary>
    public Task RunAsync(ILensmorHost host) => RunAsync(host, throwPerItem: false);

    private async Task RunAsync(ILensmorHost host, bool throwPerItem)
    {
        var ids = eventIds.ToList();
        eventIds.Clear();
        seen.Clear();
        using var run = new PaidRun(session.Spending, host, "event", maxCredits, "to unlock");
        var precheckSaysShort = false;
        foreach (var eventId in ids)
        {
            try
            {
                precheckSaysShort |= await PlanAsync(run, host, eventId).ConfigureAwait(false);
            }
            catch (LensmorException e) when (!e.IsTerminating && !throwPerItem)
            {
                host.WriteError(e);
            }
        }

        run.PrecheckSaysShort = precheckSaysShort;
        await run.ExecuteAsync((spend, balance) => SendAsync(host, spend, balance, throwPerItem)).ConfigureAwait(false);
    }

    /// <summary>Steps 1-2 for one event: name, precheck, resume of an unsettled attempt. True when the precheck says the balance is short.</summary>
    private async Task<bool> PlanAsync(PaidRun run, ILensmorHost host, string eventId)
    {
        var detail = await EventLookup.GetAsync(session, host, eventId).ConfigureAwait(false);
        var target = $"event '{detail.Name ?? "(unnamed)"}' ({eventId})";
        var precheck = await PrecheckOperation.RunAsync(session, host, EventUnlockScopes.PrecheckAction(scope),
            new Dictionary<string, object> { ["event_id"] = eventId }, eventId).ConfigureAwait(false);

        var paid = new PaidAction(session.Spending, host, CmdletName, "UnlockEvent", new[] { eventId }, scope.ToString());
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
            paid.Dispose();
            host.WriteObject(Receipt(eventId, detail.Name, "AlreadyUnlocked", 0, 0, null, null, null));
            return false;
        }

        if (precheck.ReasonCode == PrecheckReasons.StateConflict || (precheck.Allowed == false && precheck.ReasonCode != PrecheckReasons.InsufficientBalance))
        {
            paid.Dispose();

            // Before the balance checks: a visitor unlock that cannot happen should say why, not that credits are short.
            throw precheck.ReasonCode == PrecheckReasons.StateConflict ? StateConflict(precheck, target, eventId, detail) : PrecheckDenial.ToError(precheck, target);
        }

        var expected = PrecheckOperation.ExpectedCost(precheck, EventUnlockScopes.ListPrice(scope));
        run.Add(new PlannedSpend(target, EventUnlockScopes.Describe(scope), expected, paid, Tuple.Create(eventId, detail)));
        return precheck.ReasonCode == PrecheckReasons.InsufficientBalance;
    }

    /// <summary>Steps 5-6 for one event: one paid request, the balance refreshed, the intent settled, the receipt written.</summary>
    private async Task<decimal> SendAsync(ILensmorHost host, PlannedSpend spend, decimal? balance, bool throwPerItem)
    {
        var (eventId, detail) = (Tuple<string, EventItemDto>)spend.State!;
        var expected = spend.Expected ?? 0;
        var paid = spend.Intent;
        paid.EnsureAffordable(expected, balance, eventId);
        var request = new LensmorRequest(HttpMethod.Post, EventUnlockScopes.Route(scope, eventId), RequestKind.Paid, eventId) { SendsCallSource = true };
        LensmorResponse<EventUnlockResultDto> response;
        try
        {
            response = await paid.SendAsync<EventUnlockResultDto>(request).ConfigureAwait(false);
        }
        catch (LensmorException e) when (!e.IsTerminating && !throwPerItem)
        {
            host.WriteError(e);
            return 0;
        }

        var result = response.Value;

        // The charge the API reports is the billing truth; without it, what the balance moved, and failing
        // that the expected cost.
        var after = await CreditBalance.TryReadAfterSendAsync(session.Client, host).ConfigureAwait(false) ?? result.BalanceAfter?.TotalBalance;
        var charged = result.Charged ?? (balance - after) ?? expected;
        paid.Settle(charged, after, response.TraceId);
        var outcome = result.AlreadyUnlocked == true && charged == 0 ? "AlreadyUnlocked" : "Unlocked";
        if (charged != expected)
        {
            host.WriteWarning($"{spend.Target}: expected {Credits.Format(expected)} credits but Lensmor charged {Credits.Format(charged)} (traceId {response.TraceId ?? "none"}). The charge reported by the API is the billing truth.");
        }

        host.WriteObject(Receipt(eventId, result.Event?.Name ?? detail.Name, outcome, expected, charged, balance, after, response.TraceId));
        return charged;
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
        ChargedCredits = charged,
        BalanceBefore = before,
        BalanceAfter = after,
        TraceId = traceId,
        CompletedAt = Timestamps.Iso(DateTimeOffset.UtcNow),
    };
}
