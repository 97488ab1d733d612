using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>One event recommended for a company profile (profile-matching/actions/apply-recommended-events/paged).</summary>
public sealed class RecommendedEvent
{
    public string EventId { get; set; } = string.Empty;
    public string? Name { get; set; }

    /// <summary>match_score, 0-1, where the server sends it.</summary>
    public decimal? MatchScore { get; set; }

    public string? DateStart { get; set; }
    public string? DateEnd { get; set; }
    public string? Venue { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
    public long? ExhibitorCount { get; set; }
    public long? AttendeeCount { get; set; }
    public bool? HasVisitors { get; set; }
    public string? EventType { get; set; }
    public string? Url { get; set; }
    public string? Description { get; set; }

    /// <summary>The envelope's profile_version for the page this row came from.</summary>
    public int? ProfileVersion { get; set; }

    /// <summary>The envelope's is_stale: true when the recommendations predate the current profile.</summary>
    public bool? IsStale { get; set; }

    public static RecommendedEvent From(RecommendedEventItemDto dto, int? profileVersion, bool? isStale) => new()
    {
        EventId = dto.PreferredId ?? string.Empty,
        Name = dto.Name,
        MatchScore = dto.MatchScore,
        DateStart = dto.DateStart,
        DateEnd = dto.DateEnd,
        Venue = dto.Venue,
        City = dto.City,
        Region = dto.Region,
        Country = dto.Country,
        ExhibitorCount = dto.ExhibitorCount,
        AttendeeCount = dto.AttendeeCount,
        HasVisitors = dto.HasVisitors,
        EventType = dto.EventType,
        Url = dto.Url,
        Description = dto.Description,
        ProfileVersion = profileVersion,
        IsStale = isStale,
    };

    public override string ToString() => Display.Named(Name, EventId);
}
