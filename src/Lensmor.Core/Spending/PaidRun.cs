using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// The one skeleton every paid cmdlet runs. A paid operation supplies a typed plan step and a typed send step
/// (<see cref="IPaidSteps{TState}"/>); the run owns every step, in this order, and this file reads in it:
/// <list type="number">
/// <item><b>gather</b>: every -Id and pipeline item, validated by the operation, deduplicated here (<see cref="Gather"/>);</item>
/// <item><b>plan</b>: the plan step prices the targets with reads only: each target's id, name, expected
/// credits (null where Lensmor publishes no price), the precheck's reason and its typed state. Free targets
/// settle here, without a prompt (<see cref="PlanAsync"/>);</item>
/// <item><b>check</b>: the whole run against every run check in <see cref="Checks"/> (-MaxCredits, the
/// session's -SpendLimit, the balance), refused whole before any prompt;</item>
/// <item><b>rehearse</b>: under -WhatIf, one line per target and the total, and nothing more; a run the checks
/// refuse is rehearsed first, so the user sees what to drop;</item>
/// <item><b>confirm</b>: one prompt per target, with its place in the run and the run's total;</item>
/// <item><b>reserve</b>: the target's cost against the balance the run has left and the session's spend limit;</item>
/// <item><b>journal</b>: each paid request is journalled as intended and sent before it leaves (<see cref="PaidSender"/>);</item>
/// <item><b>send</b>: the send step's request(s), and what they charged;</item>
/// <item><b>settle</b>: the balance read again; the charge (the API's figure, else what the balance moved)
/// journalled and counted against the spend limit; a difference from the plan is a warning;</item>
/// <item><b>receipt</b>: the rows, then the receipt: the cmdlet's own row (an event unlock), or a
/// <see cref="SpendReceipt"/> on the information stream with its line on the screen (<see cref="ReceiptTags"/>);
/// then the send step's closing lines, and the error that stopped it part-way, if one did.</item>
/// </list>
/// Where what comes next plugs in:
/// <list type="bullet">
/// <item>plan reads several at a time and in pages (issue 13): <see cref="PlanAsync"/> calls the plan step per
/// slice of <see cref="PaidRunShape.PlanSliceSize"/> ids, <see cref="PaidRunShape.PlanConcurrency"/> slices at
/// once, and writes what each said in gathered order; a plan step given the whole run reads in pages and
/// several at a time itself (<see cref="PlanReads"/>);</item>
/// <item>plans written down (PaidRun.Plans.cs): with <see cref="PlanTo"/> (-PlanPath) the run stops after its
/// checks and writes the plan; with <see cref="Apply"/> (Invoke-LensmorPlan) it plans the file's ids, refuses
/// a target that now costs more, and goes on with <see cref="SpendAsync"/> (steps 3-10);</item>
/// <item>budgets: <see cref="BudgetCheck"/> in <see cref="RunChecks.Standard"/> reserves the run's total; each
/// target gives its share back as it settles (<see cref="IRunHold"/>), and the rest when the run ends.</item>
/// </list>
/// </summary>
public sealed partial class PaidRun<TState>
{
    /// <summary>
    /// How a receipt that is not the cmdlet's output travels: one information record whose data is the
    /// <see cref="SpendReceipt"/>. PSHOST makes the engine show it at the console as it shows Write-Host (its
    /// ToString is the line), whatever $InformationPreference says; -InformationVariable, 6>&amp;1 and the
    /// Lensmor and Receipt tags give scripts the object; -InformationAction Ignore silences it.
    /// </summary>
    public static readonly string[] ReceiptTags = { "Lensmor", "Receipt", "PSHOST" };

    private Lazy<SpendContext> spending; // Apply names the saved plan in it
    private readonly IPaidSteps<TState> steps;
    private readonly List<string> gathered = new();
    private readonly HashSet<string> seen;
    private List<IRunCheck>? checks;

    /// <param name="spending">The session's <see cref="SpendContext"/>, read when first needed, so that an
    /// operation can be built and check its input before there is a session.</param>
    /// <param name="maxCredits">-MaxCredits as the user gave it: checked here, once, when the cmdlet begins.</param>
    public PaidRun(Func<SpendContext> spending, IPaidSteps<TState> steps, decimal? maxCredits)
    {
        this.spending = new Lazy<SpendContext>(spending);
        this.steps = steps;
        seen = new HashSet<string>(steps.Shape.SameTarget);
        MaxCredits = RunChecks.MaxCredits(maxCredits);
    }

    public decimal? MaxCredits { get; }

    /// <summary>Step 3's checks, in order (<see cref="RunChecks.Standard"/> unless changed).</summary>
    public IList<IRunCheck> Checks => checks ??= RunChecks.Standard(MaxCredits, spending.Value);

    /// <summary>How many targets are gathered so far.</summary>
    public int Count => gathered.Count;

    private PaidRunShape Shape => steps.Shape;

    /// <summary>Step 1, gather: one target id, already validated by the operation; a repeat counts once.</summary>
    public void Gather(string targetId)
    {
        if (seen.Add(targetId))
        {
            gathered.Add(targetId);
        }
    }

    /// <summary>Steps 2-10 for every target gathered so far; the run then starts empty again.</summary>
    /// <param name="throwPerTargetErrors">A run of one from Core: a target's own error is thrown, not written.</param>
    public async Task RunAsync(ILensmorHost host, bool throwPerTargetErrors = false)
    {
        var ids = gathered.ToList();
        gathered.Clear();
        seen.Clear();
        if (ids.Count == 0)
        {
            if (Shape.WhenEmpty is { } nothing)
            {
                host.WriteVerbose(nothing);
            }

            return;
        }

        host = PlanningHost.For(host, PlanTo); // -PlanPath: nothing is asked, sent or journalled
        using var plan = await PlanAsync(ids, host, throwPerTargetErrors).ConfigureAwait(false);
        if (PlanTo is { } request)
        {
            await WritePlanAsync(plan, request, host).ConfigureAwait(false);
            return;
        }

        CompareWithSavedPlan(plan, host);
        await SpendAsync(plan, host, throwPerTargetErrors).ConfigureAwait(false);
    }

    /// <summary>
    /// Step 2, plan: the plan step for the given ids, slice by slice, several slices at once
    /// (<see cref="PaidRunShape.PlanConcurrency"/>, every request still paced by the key's rate model); what each
    /// slice said is written in the order the ids were given, as soon as it and every slice before it are done.
    /// The caller disposes the plan (it closes the intents the plan opened).
    /// </summary>
    public async Task<RunPlan<TState>> PlanAsync(IReadOnlyList<string> targetIds, ILensmorHost host, bool throwPerTargetErrors = false)
    {
        var plan = new RunPlan<TState>();
        var size = Shape.PlanSliceSize > 0 ? Shape.PlanSliceSize : Math.Max(1, targetIds.Count);
        var slices = Enumerable.Range(0, (targetIds.Count + size - 1) / size).Select(i => targetIds.Skip(i * size).Take(size).ToList()).ToList();
        using var gate = new PlanReads.Gate(Shape.PlanConcurrency, host.CancellationToken);
        var planning = slices.Select(ids => gate.RunAsync(() => PlanSliceAsync(ids, host, plan))).ToList();
        try
        {
            // A terminating error (or a run of one's own error): nothing more starts, and what is running ends first.
            await PlanReads.InOrderAsync(planning, slice => plan.Take(slice, host, throwPerTargetErrors), gate).ConfigureAwait(false);
            return plan;
        }
        catch
        {
            plan.Dispose();
            throw;
        }
    }

    private async Task<PlanSlice<TState>> PlanSliceAsync(IReadOnlyList<string> ids, ILensmorHost host, RunPlan<TState> plan)
    {
        var slice = new PlanSlice<TState>(spending.Value, host, Shape, plan.Keep);
        try
        {
            await steps.PlanAsync(ids, slice).ConfigureAwait(false);
        }
        catch (LensmorException e) when (!e.IsTerminating)
        {
            slice.Fail(e);
        }

        return slice;
    }

    /// <summary>Steps 3-10 for a plan: check, rehearse (-WhatIf) or confirm, then reserve, send, settle and receipt per target.</summary>
    public async Task SpendAsync(RunPlan<TState> plan, ILensmorHost host, bool throwPerTargetErrors = false)
    {
        if (plan.Targets.Count == 0)
        {
            return;
        }

        var held = new List<IDisposable>();
        try
        {
            var balance = await CheckAsync(plan, host, held).ConfigureAwait(false);
            if (host.IsWhatIf)
            {
                Rehearse(plan, balance, host);
                return;
            }

            var running = balance;
            for (var i = 0; i < plan.Targets.Count; i++)
            {
                var target = plan.Targets[i];
                if (Confirm(target.Target, i, plan, running, host))
                {
                    running -= await SendAsync(target, running, host, throwPerTargetErrors, held).ConfigureAwait(false);
                }

                // Settled, declined or failed: what the checks held for it goes back (a budget shared by processes).
                held.OfType<IRunHold>().ToList().ForEach(h => h.Settled(target.Target));
            }
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Step 3, check: a journal that works, the balance, then every run check; refused whole, before any prompt.</summary>
    private async Task<decimal?> CheckAsync(RunPlan<TState> plan, ILensmorHost host, List<IDisposable> held)
    {
        if (!host.IsWhatIf)
        {
            // A journal that cannot be written would leave a lost answer unresumable.
            spending.Value.Journal?.EnsureUsable();
        }

        var balance = (await CreditBalance.ReadAsync(spending.Value.Client, host).ConfigureAwait(false)).TotalBalance;
        var totals = new RunTotals(plan.Lines, Shape, balance, plan.PrecheckSaysShort, rehearsing: host.IsWhatIf);
        try
        {
            foreach (var check in Checks)
            {
                if (check.Check(totals) is { } hold)
                {
                    held.Add(hold);
                }
            }
        }
        catch (LensmorException e)
        {
            plan.Targets.ForEach(t => t.Intent.Refuse(t.Target.ExpectedCredits ?? 0, e.ErrorId));
            if (host.IsWhatIf)
            {
                // The plan first, then the refusal: the user sees what to drop.
                Rehearse(plan, balance, host);
            }

            throw;
        }

        return balance;
    }

    /// <summary>Step 4, rehearse: under -WhatIf, one line per target with the balance it would leave, then the total.</summary>
    private void Rehearse(RunPlan<TState> plan, decimal? balance, ILensmorHost host)
    {
        var running = balance;
        foreach (var target in plan.Lines)
        {
            host.ShouldProcess(target.Name, Describe(target, running, place: null));
            running -= target.ExpectedCredits ?? 0;
        }

        var priced = plan.Lines.Count(t => t.ExpectedCredits != null);
        var unpriced = plan.Lines.Count - priced;
        var total = $"What if: in total this run would spend {Credits.Format(plan.Total)} credits {Shape.Purpose} {priced} {Shape.Plural(priced)}";
        host.WriteHostLine(total + (unpriced > 0 ? $", plus {unpriced} {Shape.Plural(unpriced)} whose price Lensmor does not publish." : "."));
        var totals = new RunTotals(plan.Lines, Shape, balance, plan.PrecheckSaysShort, rehearsing: true);
        Checks.OfType<IRehearsedCheck>().SelectMany(c => c.WhatIfLines(totals)).ToList().ForEach(host.WriteHostLine);
    }

    /// <summary>Step 5, confirm: one prompt; in a run of several, it names the target's place and the run's total.</summary>
    private static bool Confirm(PlanTarget target, int index, RunPlan<TState> plan, decimal? balance, ILensmorHost host)
    {
        var place = plan.Targets.Count > 1 ? $"{index + 1} of {plan.Targets.Count}, run total {Credits.Format(plan.Total)} credits" : null;
        return host.ShouldProcess(target.Name, Describe(target, balance, place));
    }

    private static string Describe(PlanTarget target, decimal? balance, string? place)
    {
        var note = target.PriceNote == null ? string.Empty : ", " + target.PriceNote;
        var where = place == null ? string.Empty : place + "; ";
        return target.ExpectedCredits is { } cost
            ? $"{target.Action} for {Credits.Format(cost)} credits{note} ({where}balance {Credits.Format(balance)} -> {Credits.Format(balance - cost)})"
            : $"{target.Action}; Lensmor publishes no price for this, so the cost is known only afterwards from the balance{note} ({where}balance {Credits.Format(balance)})";
    }

    /// <summary>Steps 6-10 for one confirmed target; returns what it cost, for the balance the next prompt shows.</summary>
    private async Task<decimal> SendAsync(Planned<TState> target, decimal? before, ILensmorHost host, bool throwPerTargetErrors, List<IDisposable> held)
    {
        // 6. reserve
        var expected = target.Target.ExpectedCredits;
        target.Intent.EnsureAffordable(expected ?? 0, before, target.Target.Id);
        var meter = expected == null ? new SpendMeter(MaxCredits, spending.Value.SpendLimit, held.OfType<IRunHold>().Min(h => h.CapForUnpriced)) : null;

        // 7-8. journal and send
        Sent sent;
        try
        {
            sent = await steps.SendAsync(target, new PaidSender(target.Intent, spending.Value, host, before, meter)).ConfigureAwait(false);
        }
        catch (LensmorException e) when (!e.IsTerminating && !throwPerTargetErrors)
        {
            host.WriteError(e);
            return 0;
        }

        // 9. settle, before any row is written: the pipeline may stop taking them, and the charge must be on record.
        // An answer that carries the balance after it (an event unlock's balanceAfter) is not read again.
        var after = sent.BalanceAfterReported ?? await CreditBalance.TryReadAfterSendAsync(spending.Value.Client, host).ConfigureAwait(false);
        var moved = before - after;
        var stated = sent.ChargedReported ?? moved;
        var charged = stated ?? sent.ExpectedSent;
        target.Intent.Settle(charged, after, sent.TraceId);
        WarnAboutTheCharge(target.Target, sent, stated, moved, host);

        // 10. receipt
        sent.Rows.ForEach(host.WriteObject);
        var receipt = target.Target.Receipt(target.Intent.Action, expected, stated, before, after, sent.TraceId);
        if (sent.ReceiptRow is { } row)
        {
            host.WriteObject(row(receipt));
        }
        else
        {
            host.WriteInformation(receipt, ReceiptTags);
        }

        sent.Warnings.ForEach(host.WriteWarning);
        sent.Notes.ForEach(host.WriteVerbose);
        if (sent.Failure is { } failure)
        {
            if (sent.FailureSummary is { } summary)
            {
                host.WriteWarning($"{summary} The balance moved by {Credits.Format(moved)} credits. {sent.FailureAdvice}".TrimEnd());
            }

            throw failure;
        }

        return charged;
    }

    private static void WarnAboutTheCharge(PlanTarget target, Sent sent, decimal? stated, decimal? moved, ILensmorHost host)
    {
        if (target.ExpectedCredits == null)
        {
            // No published price: what the balance moved is the only figure, with nothing to compare it with.
            host.WriteVerbose($"{target.Name}: the balance moved by {Credits.Format(moved)} credits (Lensmor publishes no price for this action).");
        }
        else if (stated is { } figure && figure != sent.ExpectedSent && !(sent.MayReach is { } most && figure >= sent.ExpectedSent && figure <= most))
        {
            var how = sent.ChargedReported != null ? "Lensmor charged" : "the balance moved by";
            host.WriteWarning($"{target.Name}: expected {Credits.Format(sent.ExpectedSent)} credits but {how} {Credits.Format(figure)} (traceId {sent.TraceId ?? "none"}). The charge Lensmor applied is the billing truth.");
        }
    }
}
