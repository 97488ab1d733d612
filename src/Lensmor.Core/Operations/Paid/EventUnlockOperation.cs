using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Unlock-LensmorEvent on the paid-run skeleton (<see cref="PaidRun{TState}"/>): one instance per pipeline run.
/// Its plan step reads each event (name, precheck, an earlier unsettled attempt) and its send step posts one
/// unlock; the state between them is the event's detail.
/// </summary>
public sealed class EventUnlockOperation : IPaidSteps<EventItemDto>
{
    private const string CmdletName = "Unlock-LensmorEvent";
    private readonly LensmorSession session;
    private readonly EventUnlockScope scope;
    private readonly PaidRun<EventItemDto> run;

    /// <param name="maxCredits">-MaxCredits: the most the whole run (every event) may cost.</param>
    public EventUnlockOperation(LensmorSession session, EventUnlockScope scope = EventUnlockScope.Contacts, decimal? maxCredits = null)
    {
        this.session = session;
        this.scope = scope;
        run = new PaidRun<EventItemDto>(() => session.Spending, this, maxCredits);
    }

    public PaidRunShape Shape { get; } = new(CmdletName, "event", "to unlock");

    /// <summary>The run as -PlanPath and Invoke-LensmorPlan drive it.</summary>
    public IPaidRun Paid => run;

    /// <summary>Gathers one event of the run; bad input is refused here, and a repeated id counts once.</summary>
    public void Add(string? rawEventId) => run.Gather(InputValidation.EventId(rawEventId));

    /// <summary>A run of one event (Core callers and tests): its error, if any, is thrown.</summary>
    public Task UnlockAsync(string? rawEventId, ILensmorHost host)
    {
        Add(rawEventId);
        return run.RunAsync(host, throwPerTargetErrors: true);
    }

    /// <summary>Plans, checks, asks and sends every event gathered so far; the run then starts empty again.</summary>
    public Task RunAsync(ILensmorHost host) => run.RunAsync(host);

    /// <summary>The plan step for one event: its name, the precheck, and what an earlier unsettled attempt did.</summary>
    public async Task PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<EventItemDto> plan)
    {
        var eventId = targetIds[0];
        var host = plan.Host;
        var detail = await EventLookup.GetAsync(session, host, eventId).ConfigureAwait(false);
        var name = $"event '{detail.Name ?? "(unnamed)"}' ({eventId})";
        var precheck = await PrecheckOperation.RunAsync(session, host, EventUnlockScopes.PrecheckAction(scope),
            new Dictionary<string, object> { ["event_id"] = eventId }, eventId).ConfigureAwait(false);

        var intent = plan.Intent("UnlockEvent", new[] { eventId }, scope.ToString());
        var alreadyUnlocked = precheck.ReasonCode == PrecheckReasons.AlreadyUnlocked;
        if (intent.Unsettled is { } earlier)
        {
            // The unlock is idempotent: once unlocked, exactly one attempt paid, and the journal may know which.
            var applied = alreadyUnlocked && !intent.ChargedByAnotherAttempt(earlier);
            plan.Warn($"An earlier unlock of {name} was sent at {earlier.At:u} and never settled. Its outcome was read again instead of sending it twice: " +
                (applied ? "the event is unlocked, so that request was applied."
                    : alreadyUnlocked ? "the event is unlocked, but another attempt was the one charged."
                    : "the event is still locked, so that request was not applied."));
            intent.SettleEarlier(earlier, applied ? SpendOutcome.Charged : SpendOutcome.Failed, applied ? earlier.Expected : 0,
                "settled by re-reading the event's access state");
        }

        if (alreadyUnlocked)
        {
            plan.Verbose($"{name} is already unlocked ({scope}); nothing was sent and nothing was charged.");
            plan.Free(new PlanTarget(eventId, name, EventUnlockScopes.Describe(scope), 0, precheck.ReasonCode), intent, "already unlocked",
                r => Receipt(eventId, detail.Name, "AlreadyUnlocked", r));
            return;
        }

        if (precheck.ReasonCode == PrecheckReasons.StateConflict || (precheck.Allowed == false && precheck.ReasonCode != PrecheckReasons.InsufficientBalance))
        {
            // Before the balance checks: a visitor unlock that cannot happen should say why, not that credits are short.
            throw precheck.ReasonCode == PrecheckReasons.StateConflict ? StateConflict(precheck, name, eventId, detail) : PrecheckDenial.ToError(precheck, name);
        }

        var expected = PrecheckOperation.ExpectedCost(precheck, EventUnlockScopes.ListPrice(scope));
        plan.Add(new PlanTarget(eventId, name, EventUnlockScopes.Describe(scope), expected, precheck.ReasonCode), detail, intent);
        plan.PrecheckSaysShort |= precheck.ReasonCode == PrecheckReasons.InsufficientBalance;
    }

    /// <summary>The send step: one unlock request; the API's charge and balance are the billing truth.</summary>
    public async Task<Sent> SendAsync(Planned<EventItemDto> target, PaidSender sender)
    {
        var eventId = target.Target.Id;
        var request = new LensmorRequest(HttpMethod.Post, EventUnlockScopes.Route(scope, eventId), RequestKind.Paid, eventId) { SendsCallSource = true };
        var response = await sender.SendAsync<EventUnlockResultDto>(request).ConfigureAwait(false);
        var result = response.Value;
        return new Sent(target.Target.ExpectedCredits ?? 0)
        {
            ChargedReported = result.Charged,
            BalanceAfterReported = result.BalanceAfter?.TotalBalance,
            TraceId = response.TraceId,
            ReceiptRow = r => Receipt(eventId, result.Event?.Name ?? target.State.Name,
                result.AlreadyUnlocked == true && r.ChargedCredits == 0 ? "AlreadyUnlocked" : "Unlocked", r),
        };
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

    /// <summary>The run's receipt as this cmdlet's output row.</summary>
    private EventUnlockReceipt Receipt(string eventId, string? name, string outcome, SpendReceipt receipt) => new()
    {
        EventId = eventId,
        EventName = name,
        Scope = scope.ToString(),
        Outcome = outcome,
        ExpectedCredits = receipt.ExpectedCredits ?? 0,
        ChargedCredits = receipt.ChargedCredits ?? receipt.ExpectedCredits ?? 0,
        BalanceBefore = receipt.BalanceBefore,
        BalanceAfter = receipt.BalanceAfter,
        TraceId = receipt.TraceId,
        CompletedAt = receipt.CompletedAt,
    };
}
