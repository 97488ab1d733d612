using Lensmor.Core;

namespace Lensmor;

/// <summary>
/// What a paid call or run cost, from cmdlets whose output is data rather than a receipt (searches, contact
/// unlocks, LinkedIn activity, outreach): one information record (tags Lensmor, Receipt, PSHOST) that the
/// console shows as this line, as it shows Write-Host, and scripts capture with -InformationVariable.
/// </summary>
public sealed class SpendReceipt
{
    public string Action { get; set; } = string.Empty;
    public string Target { get; set; } = string.Empty;
    /// <summary>Null where Lensmor publishes no price.</summary>
    public decimal? ExpectedCredits { get; set; }

    /// <summary>
    /// What the balance actually moved (before minus after). Named as the spend log (SpendRecord) names it, and
    /// beside ExpectedCredits, so receipts and the log export the same column for the same thing.
    /// </summary>
    public decimal? ChargedCredits { get; set; }

    public decimal? BalanceBefore { get; set; }
    public decimal? BalanceAfter { get; set; }
    public string? TraceId { get; set; }
    /// <summary>UTC; prints as ISO 8601 (2026-11-30T10:05:00Z), the same text in every culture's CSV.</summary>
    public UtcTime CompletedAt { get; set; }

    public override string ToString() =>
        $"{Action} '{Target}': charged {Credits.Format(ChargedCredits)} of {(ExpectedCredits is { } e ? "up to " + Credits.Format(e) : "an unpublished price in")} credits (balance {Credits.Format(BalanceBefore)} -> {Credits.Format(BalanceAfter)}, traceId {TraceId ?? "none"})";
}
