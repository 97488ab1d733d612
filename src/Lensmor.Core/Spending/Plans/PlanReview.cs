using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>What the journal says of one target of a saved plan.</summary>
public enum PlanTargetProgress
{
    NotApplied,

    /// <summary>Sent under the plan, and its outcome is unknown (Ctrl+C, a lost answer): applying again resumes it.</summary>
    OutcomeUnknown,

    /// <summary>Settled under the plan: charged, or found free (already unlocked) when it was applied.</summary>
    Applied,
}

/// <summary>
/// Get-LensmorPlan's reading of a saved plan: its status from the journal, and the object a reviewer sees. The
/// journal knows a plan by the plan id Invoke-LensmorPlan writes on every record of the run (and the target's
/// place, or its intent key); only attempts since the plan was made are read, archived months included.
/// </summary>
public static class PlanReview
{
    /// <summary>Each target's progress by its place in the plan (targets the journal does not mention are absent).</summary>
    public static Dictionary<int, (PlanTargetProgress Progress, DateTimeOffset At)> Progress(IntentJournal? journal, SavedPlan plan, ILensmorHost? host)
    {
        var progress = new Dictionary<int, (PlanTargetProgress Progress, DateTimeOffset At)>();
        if (journal == null || plan.Targets.Count == 0)
        {
            return progress;
        }

        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Targets.Count; i++)
        {
            if (plan.Targets[i].JournalKey is { } key && !byKey.ContainsKey(key))
            {
                byKey[key] = i;
            }
        }

        var account = plan.JournalAccount;
        foreach (var attempt in JournalHistory.Attempts(journal, host, plan.CreatedAt, a => string.Equals(a, account, StringComparison.OrdinalIgnoreCase)))
        {
            var last = attempt[attempt.Count - 1];
            if (last.Plan != plan.PlanId)
            {
                continue;
            }

            int? place = last.PlanTarget is { } p && p >= 0 && p < plan.Targets.Count ? p : byKey.TryGetValue(last.Key, out var k) ? k : null;
            if (place is not { } index)
            {
                continue;
            }

            var state = Of(last);
            if (!progress.TryGetValue(index, out var known) || state > known.Progress)
            {
                progress[index] = (state, last.At);
            }
        }

        return progress;
    }

    /// <summary>A plan's status from its targets' progress: all applied, none (and none unknown), or part.</summary>
    public static PlanStatus StatusOf(SavedPlan plan, IReadOnlyDictionary<int, (PlanTargetProgress Progress, DateTimeOffset At)> progress)
    {
        var applied = progress.Values.Count(p => p.Progress == PlanTargetProgress.Applied);
        return plan.Targets.Count > 0 && applied == plan.Targets.Count ? PlanStatus.Applied
            : progress.Values.Any(p => p.Progress != PlanTargetProgress.NotApplied) ? PlanStatus.PartlyApplied
            : PlanStatus.NotApplied;
    }

    /// <summary>The plan as Get-LensmorPlan returns it; <paramref name="journalAccount"/> is the connection's (null without one).</summary>
    public static Plan Read(SavedPlan plan, IntentJournal? journal, string? journalAccount, DateTimeOffset now, ILensmorHost? host)
    {
        var progress = Progress(journal, plan, host);
        var rows = plan.Targets.Select((t, i) => Row(plan, t, i + 1, progress.TryGetValue(i, out var p) ? p.Progress.ToString() : nameof(PlanTargetProgress.NotApplied)))
            .Concat(plan.Free.Select(t => Row(plan, t, 0, "Free")))
            .ToArray();
        return new Plan
        {
            Path = plan.Path,
            PlanId = plan.PlanId,
            Cmdlet = plan.Cmdlet,
            Parameters = Join.Values(plan.Parameters.Select(p => p.Key + "=" + p.Value)),
            TargetCount = plan.Targets.Count,
            TotalCredits = plan.TotalCredits,
            UnpricedTargets = plan.UnpricedTargets,
            FreeTargets = plan.Free.Count,
            BalanceAtPlan = plan.Balance,
            BaseUri = plan.BaseUri,
            Account = plan.Account,
            CreatedAt = plan.CreatedAt,
            ExpiresAt = plan.ExpiresAt,
            ModuleVersion = plan.ModuleVersion,
            ContentHash = plan.ContentHash,
            Status = StatusOf(plan, progress).ToString(),
            Validity = plan.Validity(now, journalAccount).ToString(),
            Targets = new PlannedTargets(rows),
        };
    }

    /// <summary>Why a plan read for review could not be applied now, as a warning; null when it can.</summary>
    public static string? Warning(Plan plan) => plan.Validity switch
    {
        nameof(PlanValidity.Edited) => $"The plan {plan.Path} was changed after it was written (its content does not match its hash): Invoke-LensmorPlan refuses it (LensmorPlanEdited).",
        nameof(PlanValidity.Expired) => $"The plan {plan.Path} expired at {SavedPlan.Utc(plan.ExpiresAt.Value)}: Invoke-LensmorPlan refuses it (LensmorPlanExpired). Make a new plan.",
        nameof(PlanValidity.OtherAccount) => $"The plan {plan.Path} is for account {plan.Account} at {plan.BaseUri}, not the connection in use: Invoke-LensmorPlan refuses it there (LensmorPlanAccountMismatch).",
        _ => null,
    };

    private static PlanTargetProgress Of(JournalRecord last) =>
        last.State == JournalRecord.Settled && (last.Outcome == "charged" || last.Outcome == "free") ? PlanTargetProgress.Applied
        : last.State == JournalRecord.Sent || last.State == JournalRecord.Unknown || (last.State == JournalRecord.Settled && last.Outcome == "unknown") ? PlanTargetProgress.OutcomeUnknown
        : PlanTargetProgress.NotApplied;

    private static PlannedTarget Row(SavedPlan plan, SavedTarget target, int place, string status) => new()
    {
        PlanId = plan.PlanId,
        Place = place,
        TargetId = target.Id,
        Name = target.Name,
        Action = target.Action,
        ExpectedCredits = target.ExpectedCredits,
        Reason = target.Reason,
        PriceNote = target.PriceNote,
        Status = status,
    };
}
