using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>How well one event fits the caller's profile (POST /external/events/fit-score): 0-10 scores, flat.</summary>
public sealed class EventFitScore
{
    public string EventId { get; set; } = string.Empty;
    public string? Name { get; set; }

    /// <summary>Overall fit on a 0-10 scale.</summary>
    public decimal? Score { get; set; }

    /// <summary>recommended (7+), consider (4 to under 7) or not_recommended.</summary>
    public string? Recommendation { get; set; }

    /// <summary>breakdown.profile_match (0-10).</summary>
    public decimal? ProfileMatch { get; set; }

    /// <summary>breakdown.matched_exhibitor_density (0-10); not verified buyer density.</summary>
    public decimal? MatchedExhibitorDensity { get; set; }

    /// <summary>breakdown.event_scale (0-10).</summary>
    public decimal? EventScale { get; set; }

    public UtcTime? DateStart { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }

    public static EventFitScore From(EventFitScoreDto dto, string requestedId) => new()
    {
        EventId = dto.Event?.PreferredId ?? requestedId,
        Name = dto.Event?.Name,
        Score = dto.Score,
        Recommendation = dto.Recommendation,
        ProfileMatch = dto.Breakdown?.ProfileMatch,
        MatchedExhibitorDensity = dto.Breakdown?.MatchedExhibitorDensity,
        EventScale = dto.Breakdown?.EventScale,
        DateStart = UtcTime.FromWire(dto.Event?.DateStart),
        City = dto.Event?.City,
        Country = dto.Event?.Country,
    };

    public override string ToString() => $"{Display.Named(Name, EventId)}: {Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/10, {Recommendation}";
}
