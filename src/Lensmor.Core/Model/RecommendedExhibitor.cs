using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>One exhibitor recommended for the caller's profile inside one event (profile-matching/recommendations/exhibitors).</summary>
public sealed class RecommendedExhibitor
{
    public string ExhibitorId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;
    public string? CompanyName { get; set; }
    public bool? IsRecommended { get; set; }
    public int? RecommendationRank { get; set; }

    /// <summary>matchScore as the API sends it (the contract does not fix its scale).</summary>
    public decimal? MatchScore { get; set; }

    public string? MatchTier { get; set; }
    public string? MatchStatus { get; set; }
    public string? Reason { get; set; }
    public string? Website { get; set; }
    public string? Country { get; set; }
    public string? Industry { get; set; }

    /// <summary>categories joined with "; ".</summary>
    public string Categories { get; set; } = string.Empty;

    public long? EmployeeCount { get; set; }
    public string? CompanySize { get; set; }
    public string? FundingRound { get; set; }

    /// <summary>techStacks joined with "; ".</summary>
    public string TechStacks { get; set; } = string.Empty;

    public string? Description { get; set; }
    public string? Logo { get; set; }

    /// <summary>True when the page was an unranked fallback (code AI_SEARCH_RESULT_MISMATCH).</summary>
    public bool IsFallback { get; set; }

    public static RecommendedExhibitor From(RecommendedExhibitorItemDto dto, string eventId, bool fallback) => new()
    {
        ExhibitorId = dto.Id ?? string.Empty,
        EventId = eventId,
        CompanyName = dto.CompanyName,
        IsRecommended = dto.IsRecommended,
        RecommendationRank = dto.RecommendationRank,
        MatchScore = dto.MatchScore,
        MatchTier = dto.MatchTier,
        MatchStatus = dto.MatchStatus,
        Reason = dto.Reason,
        Website = dto.Website,
        Country = dto.Country,
        Industry = dto.Industry,
        Categories = Join.Values(dto.Categories),
        EmployeeCount = dto.EmployeeCount,
        CompanySize = dto.CompanySize,
        FundingRound = dto.FundingRound,
        TechStacks = Join.Values(dto.TechStacks),
        Description = dto.Description,
        Logo = dto.Logo,
        IsFallback = fallback,
    };

    public override string ToString() => Display.Named(CompanyName, ExhibitorId);
}
