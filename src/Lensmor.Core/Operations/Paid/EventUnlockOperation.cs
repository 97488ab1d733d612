using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Unlock-LensmorEvent on the paid-run skeleton (<see cref="PaidRun{TState}"/>): one instance per pipeline run.
/// Its plan step prices each event with the precheck alone (price and state; the journal for an earlier
/// unsettled attempt), naming it from what this process listed a moment ago (<see cref="RecentReads"/>: a piped
/// event) and reading its detail only for a bare id; its send step posts one unlock, whose answer carries the charge and the balance. So an event costs two
/// requests (precheck, unlock), three for a bare id (its name), plus one balance read for the whole run.
/// </summary>
public sealed class EventUnlockOperation : IPaidSteps<EventUnlockOperation.Target>
{
    private const string CmdletName = "Unlock-LensmorEvent";
    private readonly LensmorSession session;
    private readonly EventUnlockScope scope;
    private readonly PaidRun<Target> run;

    /// <param name="maxCredits">-MaxCredits: the most the whole run (every event) may cost.</param>
    public EventUnlockOperation(LensmorSession session, EventUnlockScope scope = EventUnlockScope.Contacts, decimal? maxCredits = null)
    {
        this.session = session;
        this.scope = scope;
        run = new PaidRun<Target>(() => session.Spending, this, maxCredits);
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

    /// <summary>The plan step for one event: the precheck, its name, and what an earlier unsettled attempt did.</summary>
    public async Task PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<Target> plan)
    {
        var eventId = targetIds[0];
        var host = plan.Host;
        var prechecking = PrecheckOperation.RunAsync(session, host, EventUnlockScopes.PrecheckAction(scope),
            new Dictionary<string, object> { ["event_id"] = eventId }, eventId);

        // An event this process listed a moment ago (Get-LensmorEvent ... | Unlock-LensmorEvent) is named by what the
        // list said; only a bare id's detail is read, beside the precheck.
        var listed = RecentReads.For(session.Connection).Event(eventId);
        var detail = listed == null ? EventLookup.GetAsync(session, host, eventId) : null;
        await PlanReads.Settled(new Task?[] { prechecking, detail }.OfType<Task>()).ConfigureAwait(false);
        var read = detail == null ? null : await detail.ConfigureAwait(false);
        var precheck = await prechecking.ConfigureAwait(false);
        var eventName = read != null ? read.Name : listed!.Name;
        var name = $"event '{eventName ?? "(unnamed)"}' ({eventId})";

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
                r => Receipt(eventId, eventName, "AlreadyUnlocked", r));
            return;
        }

        if (precheck.ReasonCode == PrecheckReasons.StateConflict || (precheck.Allowed == false && precheck.ReasonCode != PrecheckReasons.InsufficientBalance))
        {
            // Before the balance checks: a visitor unlock that cannot happen should say why, not that credits are short.
            throw precheck.ReasonCode == PrecheckReasons.StateConflict
                ? await StateConflictAsync(precheck, name, eventId, read?.HasVisitors ?? listed?.HasVisitors, read != null, host).ConfigureAwait(false)
                : PrecheckDenial.ToError(precheck, name);
        }

        var expected = PrecheckOperation.ExpectedCost(precheck, EventUnlockScopes.ListPrice(scope));
        plan.Add(new PlanTarget(eventId, name, EventUnlockScopes.Describe(scope), expected, precheck.ReasonCode), new Target(eventName), intent);
        plan.PrecheckSaysShort |= precheck.ReasonCode == PrecheckReasons.InsufficientBalance;
    }

    /// <summary>The send step: one unlock request; the API's charge and balance are the billing truth.</summary>
    public async Task<Sent> SendAsync(Planned<Target> target, PaidSender sender)
    {
        var eventId = target.Target.Id;
        var request = new LensmorRequest(HttpMethod.Post, EventUnlockScopes.Route(scope, eventId), RequestKind.Paid, eventId) { SendsCallSource = true };
        var response = await sender.SendAsync<EventUnlockResultDto>(request).ConfigureAwait(false);
        var result = response.Value;
        return new Sent(target.Target.ExpectedCredits ?? 0)
        {
            ChargedReported = result.Charged,
            // The answer's balance after the charge: the run does not read the balance again (an unlimited plan's is read).
            BalanceAfterReported = result.BalanceAfter?.Unlimited == true ? null : result.BalanceAfter?.TotalBalance,
            TraceId = response.TraceId,
            ReceiptRow = r => Receipt(eventId, result.Event?.Name ?? target.State.Name,
                result.AlreadyUnlocked == true && r.ChargedCredits == 0 ? "AlreadyUnlocked" : "Unlocked", r),
        };
    }

    /// <summary>What the plan step hands the send step: the event's name, for the receipt when the answer has none.</summary>
    public sealed record Target(string? Name);

    /// <summary>
    /// The visitor layer needs base access and an event that has visitor data; the API answers 409 otherwise,
    /// and its precheck says state_conflict. Either way the user gets LensmorConflict with the way forward.
    /// Whether the event has visitor data is read (its detail) only here, when the listed event did not say.
    /// </summary>
    /// <param name="detailRead">The detail was read already: its answer stands, even when it does not say.</param>
    private async Task<LensmorException> StateConflictAsync(PrecheckResponseDto precheck, string target, string eventId, bool? hasVisitors, bool detailRead, ILensmorHost host)
    {
        if (scope != EventUnlockScope.Visitors)
        {
            return PrecheckDenial.ToError(precheck, target);
        }

        if (hasVisitors == null && !detailRead)
        {
            hasVisitors = (await EventLookup.GetAsync(session, host, eventId).ConfigureAwait(false)).HasVisitors;
        }

        if (hasVisitors == false)
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
