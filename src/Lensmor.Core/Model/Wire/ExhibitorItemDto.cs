using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Model.Wire;

/// <summary>ExhibitorItem (0.24.3) = ExhibitorBase + ExhibitorSignalFields. Every field optional here.</summary>
public class ExhibitorItemDto
{
    [JsonProperty("id")] public string? Id { get; set; }
    [JsonProperty("companyName")] public string? CompanyName { get; set; }
    [JsonProperty("domain")] public string? Domain { get; set; }
    [JsonProperty("description")] public string? Description { get; set; }
    [JsonProperty("website")] public string? Website { get; set; }
    [JsonProperty("industry")] public string? Industry { get; set; }
    [JsonProperty("employeeCount")] public long? EmployeeCount { get; set; }
    [JsonProperty("country")] public string? Country { get; set; }
    [JsonProperty("logo")] public string? Logo { get; set; }
    [JsonProperty("dataSource")] public string? DataSource { get; set; }
    [JsonProperty("linkedinUrl")] public string? LinkedinUrl { get; set; }
    [JsonProperty("fundingRound")] public string? FundingRound { get; set; }
    [JsonProperty("matched_event_ids")] public List<string>? MatchedEventIds { get; set; }
    [JsonProperty("isRecommended")] public bool? IsRecommended { get; set; }
    [JsonProperty("recommendationRank")] public int? RecommendationRank { get; set; }
    [JsonProperty("matchStatus")] public string? MatchStatus { get; set; }
    [JsonProperty("matchScore")] public decimal? MatchScore { get; set; }
    [JsonProperty("matchTier")] public string? MatchTier { get; set; }
    [JsonProperty("matchReason")] public string? MatchReason { get; set; }
    [JsonProperty("categories")] public List<string>? Categories { get; set; }
    [JsonProperty("techStacks")] public List<string>? TechStacks { get; set; }
    [JsonProperty("buyingSignalTags")] public List<string>? BuyingSignalTags { get; set; }
    [JsonProperty("buyingSignalStatus")] public string? BuyingSignalStatus { get; set; }
    [JsonProperty("buyingSignals")] public List<JObject>? BuyingSignals { get; set; }

    /// <summary>exhibitors/list with personnelLimit &gt; 0: a best-effort sample of the exhibitor's people (ContactItem shape).</summary>
    [JsonProperty("personnel")] public List<JObject>? Personnel { get; set; }
}

/// <summary>ExhibitorProfile (0.24.3): ExhibitorBase plus a compact events[] list.</summary>
public sealed class ExhibitorProfileDto : ExhibitorItemDto
{
    [JsonProperty("events")] public List<EventItemDto>? Events { get; set; }
}

/// <summary>RecommendedExhibitorItem (0.24.3). Note the reason field is "reason", not "matchReason".</summary>
public sealed class RecommendedExhibitorItemDto
{
    [JsonProperty("id")] public string? Id { get; set; }
    [JsonProperty("companyName")] public string? CompanyName { get; set; }
    [JsonProperty("description")] public string? Description { get; set; }
    [JsonProperty("logo")] public string? Logo { get; set; }
    [JsonProperty("website")] public string? Website { get; set; }
    [JsonProperty("country")] public string? Country { get; set; }
    [JsonProperty("industry")] public string? Industry { get; set; }
    [JsonProperty("categories")] public List<string>? Categories { get; set; }
    [JsonProperty("employeeCount")] public long? EmployeeCount { get; set; }
    [JsonProperty("companySize")] public string? CompanySize { get; set; }
    [JsonProperty("fundingRound")] public string? FundingRound { get; set; }
    [JsonProperty("techStacks")] public List<string>? TechStacks { get; set; }
    [JsonProperty("isRecommended")] public bool? IsRecommended { get; set; }
    [JsonProperty("recommendationRank")] public int? RecommendationRank { get; set; }
    [JsonProperty("matchStatus")] public string? MatchStatus { get; set; }
    [JsonProperty("matchScore")] public decimal? MatchScore { get; set; }
    [JsonProperty("matchTier")] public string? MatchTier { get; set; }
    [JsonProperty("reason")] public string? Reason { get; set; }
}
