using System.Globalization;

namespace Lensmor;

/// <summary>Where a saved plan stands, read from the journal: what Invoke-LensmorPlan has applied of it.</summary>
public enum PlanStatus
{
    NotApplied,
    PartlyApplied,
    Applied,
}

/// <summary>Whether a saved plan can be applied as it stands (Invoke-LensmorPlan refuses anything but Valid).</summary>
public enum PlanValidity
{
    Valid,

    /// <summary>Its content no longer matches its hash: changed after it was written.</summary>
    Edited,

    Expired,

    /// <summary>Made for another base URL or key than the connection in use.</summary>
    OtherAccount,
}

/// <summary>
/// A saved plan (-PlanPath) as Get-LensmorPlan reads it for review, and as -PlanPath writes it to the pipeline:
/// what it will do, for how much, for which account, until when, and how much of it the journal says is applied.
/// </summary>
public sealed class Plan
{
    public string Path { get; set; } = string.Empty;
    public string PlanId { get; set; } = string.Empty;
    public string Cmdlet { get; set; } = string.Empty;

    /// <summary>The run's parameters, "Name=value; ..." (one column in a CSV).</summary>
    public string Parameters { get; set; } = string.Empty;

    public int TargetCount { get; set; }

    /// <summary>What the priced targets cost together when the plan was made.</summary>
    public decimal TotalCredits { get; set; }

    /// <summary>Targets whose price Lensmor does not publish (not in TotalCredits).</summary>
    public int UnpricedTargets { get; set; }

    /// <summary>Targets that were free when the plan was made (already unlocked): listed, never applied.</summary>
    public int FreeTargets { get; set; }

    public decimal? BalanceAtPlan { get; set; }
    public string BaseUri { get; set; } = string.Empty;

    /// <summary>The key's prefix and one-way fingerprint (never the key), as the spend log and budgets show it.</summary>
    public string Account { get; set; } = string.Empty;

    public UtcTime CreatedAt { get; set; }
    public UtcTime ExpiresAt { get; set; }
    public string ModuleVersion { get; set; } = string.Empty;

    /// <summary>Detects edits; not a signature.</summary>
    public string ContentHash { get; set; } = string.Empty;

    /// <summary>NotApplied, PartlyApplied or Applied (a <see cref="PlanStatus"/> name), from the journal.</summary>
    public string Status { get; set; } = nameof(PlanStatus.NotApplied);

    /// <summary>Valid, Edited, Expired or OtherAccount (a <see cref="PlanValidity"/> name): Invoke-LensmorPlan applies only a Valid plan.</summary>
    public string Validity { get; set; } = nameof(PlanValidity.Valid);

    /// <summary>One flat row per target (the free ones last): <c>(Get-LensmorPlan p.json).Targets | Export-Csv</c>.</summary>
    public PlannedTargets Targets { get; set; } = new(Array.Empty<PlannedTarget>());

    public override string ToString() =>
        $"Plan of {Cmdlet}: {TargetCount} target(s), {Core.Credits.Format(TotalCredits)} credits, {Status}, {Validity}, expires {ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
}

/// <summary>
/// A plan's targets: rows to enumerate (<c>.Targets | Export-Csv</c>), and, as one cell of the plan's own CSV
/// row, their ids rather than a type name.
/// </summary>
public sealed class PlannedTargets : System.Collections.ObjectModel.ReadOnlyCollection<PlannedTarget>
{
    public PlannedTargets(IList<PlannedTarget> targets)
        : base(targets)
    {
    }

    public override string ToString() => Join.Values(this.Select(t => t.TargetId));
}

/// <summary>One target of a saved plan: a flat row for review and Export-Csv.</summary>
public sealed class PlannedTarget
{
    public string PlanId { get; set; } = string.Empty;

    /// <summary>Its place in the plan, from 1; free targets have none (0).</summary>
    public int Place { get; set; }

    /// <summary>The gathered id(s), "; "-joined (a contact run's target holds every contact as event/person).</summary>
    public string TargetId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;
    public string Action { get; set; } = string.Empty;

    /// <summary>Null where Lensmor publishes no price.</summary>
    public decimal? ExpectedCredits { get; set; }

    /// <summary>The precheck's reason code, when a precheck was asked.</summary>
    public string? Reason { get; set; }

    public string? PriceNote { get; set; }

    /// <summary>Applied, NotApplied, OutcomeUnknown (from the journal), or Free (nothing to apply when planned).</summary>
    public string Status { get; set; } = string.Empty;

    public override string ToString() => $"{Name}: {(ExpectedCredits is { } c ? Core.Credits.Format(c) + " credits" : "unpublished price")}, {Status}";
}
