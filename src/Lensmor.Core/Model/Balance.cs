using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>The credit balance of the key's owner (every CreditBalance field of the 0.24.3 contract).</summary>
public sealed class Balance
{
    public decimal? TotalBalance { get; set; }
    public decimal? TotalAmount { get; set; }
    public decimal? SubscriptionBalance { get; set; }
    public decimal? SubscriptionAmount { get; set; }
    public decimal? AddonBalance { get; set; }
    public decimal? AddonAmount { get; set; }
    public UtcTime? AddonExpireAt { get; set; }
    public decimal? GiftBalance { get; set; }
    public decimal? GiftAmount { get; set; }

    /// <summary>Earliest expiry of active subscription credits (UTC), or null.</summary>
    public UtcTime? ResetAt { get; set; }

    public UtcTime RetrievedAt { get; set; }

    public static Balance From(CreditBalanceDto dto, DateTimeOffset retrievedAt) => new()
    {
        TotalBalance = dto.TotalBalance,
        TotalAmount = dto.TotalAmount,
        SubscriptionBalance = dto.SubscriptionBalance,
        SubscriptionAmount = dto.SubscriptionAmount,
        AddonBalance = dto.AddonBalance,
        AddonAmount = dto.AddonAmount,
        AddonExpireAt = Timestamps.FromMilliseconds(dto.AddonExpireAt),
        GiftBalance = dto.GiftBalance,
        GiftAmount = dto.GiftAmount,
        ResetAt = Timestamps.FromMilliseconds(dto.ResetAt),
        RetrievedAt = retrievedAt,
    };

    public override string ToString() => $"{Lensmor.Core.Credits.Format(TotalBalance)} credits";
}
