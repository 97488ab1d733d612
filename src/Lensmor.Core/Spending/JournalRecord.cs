using Newtonsoft.Json;

namespace Lensmor.Core.Spending;

/// <summary>One line of the intent journal (JSON lines). Never holds the API key.</summary>
public sealed class JournalRecord
{
    public const string Intended = "intended";
    public const string Sent = "sent";

    /// <summary>The sender gave up without an answer (timeout, lost connection, Ctrl+C): the charge may or may not exist.</summary>
    public const string Unknown = "unknown";
    public const string Settled = "settled";

    [JsonProperty("v")] public int Version { get; set; } = 1;

    /// <summary>This attempt: one paid action run once.</summary>
    [JsonProperty("id")] public string Id { get; set; } = string.Empty;

    /// <summary>The intent: the same action on the same targets with the same scope, for the same account.</summary>
    [JsonProperty("key")] public string Key { get; set; } = string.Empty;

    [JsonProperty("state")] public string State { get; set; } = Intended;
    [JsonProperty("at")] public DateTimeOffset At { get; set; }
    [JsonProperty("account")] public string Account { get; set; } = string.Empty;
    [JsonProperty("cmdlet")] public string Cmdlet { get; set; } = string.Empty;
    [JsonProperty("action")] public string Action { get; set; } = string.Empty;
    [JsonProperty("targets")] public string Targets { get; set; } = string.Empty;
    [JsonProperty("scope")] public string Scope { get; set; } = string.Empty;
    [JsonProperty("expected")] public decimal Expected { get; set; }
    [JsonProperty("charged", NullValueHandling = NullValueHandling.Ignore)] public decimal? Charged { get; set; }
    [JsonProperty("balanceAfter", NullValueHandling = NullValueHandling.Ignore)] public decimal? BalanceAfter { get; set; }
    [JsonProperty("traceId", NullValueHandling = NullValueHandling.Ignore)] public string? TraceId { get; set; }
    [JsonProperty("taskIds", NullValueHandling = NullValueHandling.Ignore)] public string? TaskIds { get; set; }
    [JsonProperty("outcome", NullValueHandling = NullValueHandling.Ignore)] public string? Outcome { get; set; }
    [JsonProperty("note", NullValueHandling = NullValueHandling.Ignore)] public string? Note { get; set; }
    [JsonProperty("pid")] public int ProcessId { get; set; }

    /// <summary>The saved plan (Invoke-LensmorPlan) this attempt applies; null for a run typed at the prompt.</summary>
    [JsonProperty("plan", NullValueHandling = NullValueHandling.Ignore)] public string? Plan { get; set; }

    /// <summary>Which of the plan's targets (its place in the plan file) this attempt applies, where the run knew it.</summary>
    [JsonProperty("planTarget", NullValueHandling = NullValueHandling.Ignore)] public int? PlanTarget { get; set; }

    /// <summary>The machine of the writing process, so a sender that died can be told from one still waiting.</summary>
    [JsonProperty("host")] public string Machine { get; set; } = string.Empty;

    public JournalRecord Next(string state) => new()
    {
        Id = Id,
        Key = Key,
        State = state,
        At = DateTimeOffset.UtcNow,
        Account = Account,
        Cmdlet = Cmdlet,
        Action = Action,
        Targets = Targets,
        Scope = Scope,
        Expected = Expected,
        TaskIds = TaskIds,
        ProcessId = ProcessId,
        Machine = Machine,
        Plan = Plan,
        PlanTarget = PlanTarget,
    };
}
