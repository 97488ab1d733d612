using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>One event recommended for a company profile (profile-matching/actions/apply-recommended-events/paged): an event plus its match.</summary>
public sealed class RecommendedEvent : EventFields
{
    /// <summary>match_score, 0-1, where the server sends it.</summary>
    public decimal? MatchScore { get; set; }

    /// <summary>The envelope's profile_version for the page this row came from.</summary>
    public int? ProfileVersion { get; set; }

    /// <summary>The envelope's is_stale: true when the recommendations predate the current profile.</summary>
    public bool? IsStale { get; set; }

    public static RecommendedEvent From(RecommendedEventItemDto dto, int? profileVersion, bool? isStale)
    {
        var row = new RecommendedEvent { MatchScore = dto.MatchScore, ProfileVersion = profileVersion, IsStale = isStale };
        row.Fill(dto);
        return row;
    }
}
