using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// Plans written down, on the skeleton: -PlanPath runs steps 1-3 exactly as a real run (through a
/// <see cref="PlanningHost"/>: nothing asked, sent, held or journalled) and writes the plan instead of step 4;
/// Invoke-LensmorPlan gathers a saved plan's ids, plans them again, and before step 3 refuses the whole plan if a
/// target now costs more, leaves out what this plan already applied, then spends as any run does.
/// </summary>
public sealed partial class PaidRun<TState> : IPaidRun
{
    private SavedPlan? applying;

    /// <summary>What the journal said of the plan's targets before this apply planned anything (see <see cref="Apply"/>).</summary>
    private IReadOnlyDictionary<int, (PlanTargetProgress Progress, DateTimeOffset At)> appliedBefore = new Dictionary<int, (PlanTargetProgress, DateTimeOffset)>();

    public string Cmdlet => Shape.Cmdlet;

    /// <inheritdoc/>
    public PlanRequest? PlanTo { get; set; }

    /// <inheritdoc/>
    /// <remarks>
    /// What the plan already applied is read now, before planning: the plan step may settle an earlier attempt
    /// it resumes (a contact run's tasks followed), and what that attempt never reached must still be sent.
    /// </remarks>
    public void Apply(SavedPlan saved)
    {
        applying = saved;
        var session = spending;
        spending = new Lazy<SpendContext>(() => session.Value with { PlanId = saved.PlanId });
        appliedBefore = PlanReview.Progress(session.Value.Journal, saved, null);
    }

    /// <summary>-PlanPath: check the run as a real run is checked (a refusal writes no plan), then write the plan and its object.</summary>
    private async Task WritePlanAsync(RunPlan<TState> plan, PlanRequest request, ILensmorHost host)
    {
        var held = new List<IDisposable>();
        decimal? balance;
        try
        {
            balance = await CheckAsync(plan, host, held).ConfigureAwait(false);
        }
        finally
        {
            held.ForEach(h => h.Dispose()); // a rehearsal holds nothing; this is only tidy
        }

        var saved = SavedPlan.Create(Shape.Cmdlet, request, spending.Value.Account, balance,
            plan.Targets.Select(t => (t.Target, t.Intent.Key)), plan.Free, request.Clock());
        var what = $"Write a plan of {plan.Targets.Count} {Shape.Plural(plan.Targets.Count)} for {Credits.Format(saved.TotalCredits)} credits" +
                   (saved.UnpricedTargets > 0 ? " (prices unpublished)" : string.Empty) + $", valid until {SavedPlan.Utc(saved.ExpiresAt)}";
        if (PlanningHost.UserSaidWhatIf(host))
        {
            // -PlanPath -WhatIf: the rehearsal -WhatIf gives, and the file that would be written; nothing is.
            Rehearse(plan, balance, host);
            host.ShouldProcess(request.Path, what);
            return;
        }

        saved.Save(request.Path);
        host.WriteVerbose($"{what}: {request.Path}. Review it with Get-LensmorPlan, apply it with Invoke-LensmorPlan.");
        var output = PlanReview.Read(saved, null, spending.Value.Account, request.Clock(), host);
        (host is PlanningHost planning ? planning.Inner : host).WriteObject(output);
    }

    /// <summary>
    /// Invoke-LensmorPlan, after planning the saved plan's ids again: each target is matched to its place in the
    /// plan (records name it), a target this plan already applied is left out (applying twice charges once), and
    /// a target that now costs more than planned refuses the whole plan (LensmorPlanStale) before any prompt.
    /// </summary>
    private void CompareWithSavedPlan(RunPlan<TState> plan, ILensmorHost host)
    {
        if (applying is not { } saved)
        {
            return;
        }

        var stale = new List<string>();
        foreach (var target in plan.Targets.ToList())
        {
            var place = saved.IndexOf(target.Target.Id);
            if (place < 0)
            {
                // Cannot happen with the plan's own ids; if it did, the plan must not grow.
                plan.Targets.Remove(target);
                host.WriteWarning($"{target.Target.Name} is not one of the plan's targets: it is left out. Nothing is sent for it.");
                continue;
            }

            target.Intent.Applies(place);
            if (appliedBefore.TryGetValue(place, out var earlier) && earlier.Progress == PlanTargetProgress.Applied)
            {
                plan.Targets.Remove(target);
                host.WriteVerbose($"{target.Target.Name} was applied by this plan at {SavedPlan.Utc(earlier.At)}; it is not sent again.");
                continue;
            }

            var planned = saved.Targets[place].ExpectedCredits;
            var now = target.Target.ExpectedCredits;
            if ((planned != null && now == null) || now > planned)
            {
                stale.Add($"{target.Target.Name}: planned {Credits.Format(planned)}, now {(now == null ? "no published price" : Credits.Format(now))}");
            }
            else if (now < planned)
            {
                host.WriteVerbose($"{target.Target.Name}: planned {Credits.Format(planned)} credits, now {Credits.Format(now)}.");
            }
        }

        foreach (var free in plan.Free)
        {
            var place = saved.IndexOf(free.Id);
            if (place >= 0 && saved.Targets[place].ExpectedCredits is { } planned && planned > 0)
            {
                host.WriteVerbose($"{free.Name}: planned {Credits.Format(planned)} credits, free now ({free.Reason ?? "nothing to pay"}); nothing is sent for it.");
            }
        }

        if (stale.Count > 0)
        {
            plan.Targets.ForEach(t => t.Intent.Refuse(t.Target.ExpectedCredits ?? 0, ErrorIds.PlanStale));
            throw new LensmorException(ErrorIds.PlanStale, LensmorErrorCategory.InvalidOperation,
                $"{stale.Count} of the plan's {saved.Targets.Count} targets now cost more than planned ({string.Join("; ", stale)}). " +
                "The plan was not applied: nothing was sent and nothing was charged.",
                $"Make a new plan ({saved.Cmdlet} with -PlanPath) and have the new prices reviewed; Get-LensmorPlan -Path {saved.Path} shows the old ones.",
                isTerminating: true, saved.Path);
        }
    }
}
