using Newtonsoft.Json;

namespace Lensmor.Core.Model.Wire;

/// <summary>AccessSemantics (0.24.3): how much of an event-scoped list the caller may see.</summary>
public sealed class AccessSemanticsDto
{
    [JsonProperty("accessMode")] public string? AccessMode { get; set; }
    [JsonProperty("previewLimit")] public long? PreviewLimit { get; set; }
    [JsonProperty("counts")] public SemanticsCountsDto? Counts { get; set; }
    [JsonProperty("pageState")] public SemanticsPageStateDto? PageState { get; set; }
    [JsonProperty("unlock")] public SemanticsUnlockDto? Unlock { get; set; }
    [JsonProperty("guidance")] public SemanticsGuidanceDto? Guidance { get; set; }

    public bool IsPreview => string.Equals(AccessMode, "preview", StringComparison.OrdinalIgnoreCase);
}

public sealed class SemanticsCountsDto
{
    [JsonProperty("actualTotal")] public long? ActualTotal { get; set; }
    [JsonProperty("visibleTotal")] public long? VisibleTotal { get; set; }
    [JsonProperty("remainingLockedCount")] public long? RemainingLockedCount { get; set; }
}

public sealed class SemanticsPageStateDto
{
    [JsonProperty("requestedPage")] public int? RequestedPage { get; set; }
    [JsonProperty("accessible")] public bool? Accessible { get; set; }
    [JsonProperty("maxAccessiblePage")] public int? MaxAccessiblePage { get; set; }
}

public sealed class SemanticsUnlockDto
{
    [JsonProperty("requiredForMoreResults")] public bool? RequiredForMoreResults { get; set; }
    [JsonProperty("actionType")] public string? ActionType { get; set; }
    [JsonProperty("credits")] public decimal? Credits { get; set; }
}

public sealed class SemanticsGuidanceDto
{
    [JsonProperty("code")] public string? Code { get; set; }
    [JsonProperty("message")] public string? Message { get; set; }
}
