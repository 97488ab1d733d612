using Newtonsoft.Json;

namespace Lensmor.Core.Model.Wire;

/// <summary>EventItem (0.24.3); EventDetail's extra fields are here too and simply stay null on lists.</summary>
public class EventItemDto
{
    [JsonProperty("id")] public string? Id { get; set; }
    [JsonProperty("eventId")] public string? EventId { get; set; }
    [JsonProperty("name")] public string? Name { get; set; }
    [JsonProperty("nickname")] public string? Nickname { get; set; }
    [JsonProperty("description")] public string? Description { get; set; }
    [JsonProperty("url")] public string? Url { get; set; }
    [JsonProperty("dateStart")] public string? DateStart { get; set; }
    [JsonProperty("dateEnd")] public string? DateEnd { get; set; }
    [JsonProperty("venue")] public string? Venue { get; set; }
    [JsonProperty("city")] public string? City { get; set; }
    [JsonProperty("region")] public string? Region { get; set; }
    [JsonProperty("country")] public string? Country { get; set; }
    [JsonProperty("exhibitorCount")] public long? ExhibitorCount { get; set; }
    [JsonProperty("hasVisitors")] public bool? HasVisitors { get; set; }
    [JsonProperty("sponsorMatchStarred")] public int? SponsorMatchStarred { get; set; }
    [JsonProperty("image")] public string? Image { get; set; }
    [JsonProperty("dataSource")] public string? DataSource { get; set; }
    [JsonProperty("attendeeCount")] public long? AttendeeCount { get; set; }
    [JsonProperty("personnelCount")] public long? PersonnelCount { get; set; }
    [JsonProperty("eventType")] public string? EventType { get; set; }

    /// <summary>sponsorMatchStarred (0/1) as the flag it is; null when the API leaves it out.</summary>
    public bool? IsSponsorMatchStarred => SponsorMatchStarred is { } starred ? starred == 1 : null;

    /// <summary>Prefer eventId for storage, as the API advises; fall back to id.</summary>
    public string? PreferredId => string.IsNullOrEmpty(EventId) ? Id : EventId;
}

public sealed class EventDetailEnvelopeDto
{
    [JsonProperty("event")] public EventItemDto? Event { get; set; }
}

public sealed class MatchedExhibitorDto
{
    [JsonProperty("id")] public string? Id { get; set; }
    [JsonProperty("companyName")] public string? CompanyName { get; set; }
}

public sealed class EventReverseSearchItemDto : EventItemDto
{
    [JsonProperty("matchedExhibitors")] public List<MatchedExhibitorDto>? MatchedExhibitors { get; set; }
}
