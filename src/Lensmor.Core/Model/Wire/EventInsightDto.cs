using Newtonsoft.Json;

namespace Lensmor.Core.Model.Wire;

/// <summary>GET /external/events/brief (0.24.3): {event, summary}.</summary>
public sealed class EventBriefDto
{
    [JsonProperty("event")] public EventItemDto? Event { get; set; }
    [JsonProperty("summary")] public EventBriefSummaryDto? Summary { get; set; }
}

public sealed class EventBriefSummaryDto
{
    [JsonProperty("attendeeCount")] public long? AttendeeCount { get; set; }
    [JsonProperty("exhibitorCount")] public long? ExhibitorCount { get; set; }
    [JsonProperty("topCategories")] public List<string>? TopCategories { get; set; }
    [JsonProperty("dataFreshness")] public string? DataFreshness { get; set; }
}

/// <summary>EventFitScore (0.24.3): score and breakdown on a 0-10 scale.</summary>
public sealed class EventFitScoreDto
{
    [JsonProperty("event")] public EventItemDto? Event { get; set; }
    [JsonProperty("score")] public decimal? Score { get; set; }
    [JsonProperty("recommendation")] public string? Recommendation { get; set; }
    [JsonProperty("breakdown")] public EventFitBreakdownDto? Breakdown { get; set; }
}

public sealed class EventFitBreakdownDto
{
    [JsonProperty("profile_match")] public decimal? ProfileMatch { get; set; }
    [JsonProperty("matched_exhibitor_density")] public decimal? MatchedExhibitorDensity { get; set; }
    [JsonProperty("event_scale")] public decimal? EventScale { get; set; }
}

/// <summary>POST /external/events/rank response: {items: EventRankItem[]}.</summary>
public sealed class EventRankResponseDto
{
    [JsonProperty("items")] public List<EventRankItemDto>? Items { get; set; }
}

/// <summary>EventRankItem (0.24.3): snake_case event_id and match_score (0-1).</summary>
public sealed class EventRankItemDto
{
    [JsonProperty("event_id")] public string? EventId { get; set; }
    [JsonProperty("name")] public string? Name { get; set; }
    [JsonProperty("rank")] public int? Rank { get; set; }
    [JsonProperty("match_score")] public decimal? MatchScore { get; set; }
    [JsonProperty("reasons")] public List<string>? Reasons { get; set; }
}

/// <summary>An item of ProfileEventRecommendationPage: an EventItem plus match_score (0-1) where the server sends it.</summary>
public sealed class RecommendedEventItemDto : EventItemDto
{
    [JsonProperty("match_score")] public decimal? MatchScore { get; set; }
}
