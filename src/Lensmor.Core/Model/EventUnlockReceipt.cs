namespace Lensmor;

/// <summary>What one event unlock did: one flat row, ready for Export-Csv.</summary>
public sealed class EventUnlockReceipt
{
    public string EventId { get; set; } = string.Empty;
    public string? EventName { get; set; }

    /// <summary>The access layer asked for: Contacts (base access), Visitors or Full.</summary>
    public string Scope { get; set; } = "Contacts";

    /// <summary>Unlocked, or AlreadyUnlocked (nothing was sent and nothing charged).</summary>
    public string Outcome { get; set; } = string.Empty;

    public decimal ExpectedCredits { get; set; }

    /// <summary>As the API reported it: the billing truth. The spend log's name for the same figure.</summary>
    public decimal ChargedCredits { get; set; }

    public decimal? BalanceBefore { get; set; }
    public decimal? BalanceAfter { get; set; }
    public string? TraceId { get; set; }
    /// <summary>UTC; prints as ISO 8601 (2026-11-30T10:05:00Z), the same text in every culture's CSV.</summary>
    public UtcTime CompletedAt { get; set; }

    public override string ToString() =>
        $"{Outcome} event {EventId}: {Lensmor.Core.Credits.Format(ChargedCredits)} credits (balance {Lensmor.Core.Credits.Format(BalanceBefore)} -> {Lensmor.Core.Credits.Format(BalanceAfter)})";
}
