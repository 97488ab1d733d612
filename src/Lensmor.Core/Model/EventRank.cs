using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>One row of a ranked shortlist (POST /external/events/rank).</summary>
public sealed class EventRank
{
    public int? Rank { get; set; }
    public string EventId { get; set; } = string.Empty;
    public string? Name { get; set; }

    /// <summary>match_score, 0-1.</summary>
    public decimal? MatchScore { get; set; }

    /// <summary>reasons joined with "; " (the API currently sends none).</summary>
    public string Reasons { get; set; } = string.Empty;

    public static EventRank From(EventRankItemDto dto) => new()
    {
        Rank = dto.Rank,
        EventId = dto.EventId ?? string.Empty,
        Name = dto.Name,
        MatchScore = dto.MatchScore,
        Reasons = Join.Values(dto.Reasons),
    };

    public override string ToString() => $"#{Rank} {Display.Named(Name, EventId)}";
}
