using Newtonsoft.Json;

namespace Lensmor.Core.Model.Wire;

/// <summary>
/// EventUnlockResult, EventVisitorUnlockResult and EventFullAccessUnlockResult (0.24.3) in one shape:
/// the three routes name their charge creditsUsed, creditsSpent and totalCreditsUsed.
/// </summary>
public sealed class EventUnlockResultDto
{
    [JsonProperty("success")] public bool? Success { get; set; }
    [JsonProperty("alreadyUnlocked")] public bool? AlreadyUnlocked { get; set; }
    [JsonProperty("creditsUsed")] public decimal? CreditsUsed { get; set; }
    [JsonProperty("creditsSpent")] public decimal? CreditsSpent { get; set; }
    [JsonProperty("totalCreditsUsed")] public decimal? TotalCreditsUsed { get; set; }
    [JsonProperty("eventUnlocked")] public bool? EventUnlocked { get; set; }
    [JsonProperty("visitorUnlocked")] public bool? VisitorUnlocked { get; set; }
    [JsonProperty("visitorSkipped")] public bool? VisitorSkipped { get; set; }
    [JsonProperty("balanceAfter")] public UnlockBalanceAfterDto? BalanceAfter { get; set; }
    [JsonProperty("event")] public EventItemDto? Event { get; set; }

    public decimal? Charged => CreditsUsed ?? CreditsSpent ?? TotalCreditsUsed;
}

/// <summary>Either the short {subscriptionBalance, permanentBalance, totalBalance, unlimited} or a full CreditBalance.</summary>
public sealed class UnlockBalanceAfterDto
{
    [JsonProperty("subscriptionBalance")] public decimal? SubscriptionBalance { get; set; }
    [JsonProperty("permanentBalance")] public decimal? PermanentBalance { get; set; }
    [JsonProperty("totalBalance")] public decimal? TotalBalance { get; set; }
    [JsonProperty("unlimited")] public bool? Unlimited { get; set; }
}
