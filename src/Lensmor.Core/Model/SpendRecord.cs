namespace Lensmor;

/// <summary>One paid action as the spend log reports it: one flat row for finance reconciliation.</summary>
public sealed class SpendRecord
{
    /// <summary>When the action settled (or, for Unknown, when it was sent), UTC; prints as ISO 8601 (2026-11-30T10:05:00Z).</summary>
    public UtcTime Time { get; set; }
    public string Cmdlet { get; set; } = string.Empty;
    public string Action { get; set; } = string.Empty;

    /// <summary>Target ids joined with "; ".</summary>
    public string Target { get; set; } = string.Empty;
    public string Scope { get; set; } = string.Empty;
    public decimal ExpectedCredits { get; set; }

    /// <summary>What was charged; null when the outcome is Unknown.</summary>
    public decimal? ChargedCredits { get; set; }
    public decimal? BalanceAfter { get; set; }
    public string? TraceId { get; set; }
    public string? TaskIds { get; set; }

    /// <summary>Charged, Free, Refused, Failed or Unknown.</summary>
    public string Outcome { get; set; } = string.Empty;
    public string? Note { get; set; }
    public string IntentKey { get; set; } = string.Empty;

    public override string ToString() => $"{Time} {Cmdlet} {Target}: {Outcome}, {Lensmor.Core.Credits.Format(ChargedCredits)} credits";
}
