using Newtonsoft.Json;

namespace Lensmor.Core.Model.Wire;

/// <summary>CreditBalance (0.24.3). Every field is optional here: a 0.22 server sends no add-on fields.</summary>
public sealed class CreditBalanceDto
{
    [JsonProperty("totalAmount")] public decimal? TotalAmount { get; set; }
    [JsonProperty("totalBalance")] public decimal? TotalBalance { get; set; }
    [JsonProperty("subscriptionAmount")] public decimal? SubscriptionAmount { get; set; }
    [JsonProperty("subscriptionBalance")] public decimal? SubscriptionBalance { get; set; }
    [JsonProperty("addonAmount")] public decimal? AddonAmount { get; set; }
    [JsonProperty("addonBalance")] public decimal? AddonBalance { get; set; }
    [JsonProperty("addonExpireAt")] public decimal? AddonExpireAt { get; set; }
    [JsonProperty("giftAmount")] public decimal? GiftAmount { get; set; }
    [JsonProperty("giftBalance")] public decimal? GiftBalance { get; set; }
    [JsonProperty("resetAt")] public decimal? ResetAt { get; set; }
}
