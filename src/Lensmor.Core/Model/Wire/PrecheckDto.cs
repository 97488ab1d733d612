using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Model.Wire;

/// <summary>ActionPrecheckRequest (0.24.3): snake_case on the wire.</summary>
public sealed class PrecheckRequestDto
{
    [JsonProperty("action_type")] public string ActionType { get; set; } = "others";
    [JsonProperty("params")] public Dictionary<string, object> Params { get; set; } = new();
    [JsonProperty("call_source")] public string? CallSource { get; set; }
}

/// <summary>ActionPrecheckResponse (0.24.3).</summary>
public sealed class PrecheckResponseDto
{
    [JsonProperty("ok")] public bool? Ok { get; set; }
    [JsonProperty("action_type")] public string? ActionType { get; set; }
    [JsonProperty("allowed")] public bool? Allowed { get; set; }
    [JsonProperty("should_charge")] public bool? ShouldCharge { get; set; }
    [JsonProperty("credits")] public decimal? Credits { get; set; }
    [JsonProperty("reason_code")] public string? ReasonCode { get; set; }
    [JsonProperty("biz_code")] public string? BizCode { get; set; }
    [JsonProperty("detail")] public JObject? Detail { get; set; }
}

public static class PrecheckActionTypes
{
    public const string QueryEventPersonnel = "query_event_personnel";
    public const string UnlockEventContacts = "unlock_event_contacts";
    public const string UnlockEventVisitors = "unlock_event_visitors";
    public const string UnlockEventFullAccess = "unlock_event_full_access";
    public const string UnlockContactEmails = "unlock_contact_emails";
    public const string UnlockContactPhones = "unlock_contact_phones";
    public const string SearchExhibitorEvents = "search_exhibitor_events";
}

public static class PrecheckReasons
{
    public const string Ok = "ok";
    public const string AlreadyUnlocked = "already_unlocked";
    public const string UnlockInProgress = "unlock_in_progress";
    public const string StateConflict = "state_conflict";
    public const string InsufficientBalance = "insufficient_balance";
    public const string NotFound = "not_found";
    public const string NoContactsAvailable = "no_contacts_available";
}
