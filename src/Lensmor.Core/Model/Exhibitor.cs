using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>
/// One exhibiting company, flat, as exhibitors/list, exhibitors/search, the company-name search and
/// exhibitors/profile return it. Arrays are "; "-joined strings.
/// </summary>
public sealed class Exhibitor
{
    public string ExhibitorId { get; set; } = string.Empty;

    /// <summary>The event the list was read for; otherwise the first of MatchedEventIds.</summary>
    public string? EventId { get; set; }

    public string? CompanyName { get; set; }
    public string? Domain { get; set; }
    public string? Website { get; set; }
    public string? Country { get; set; }
    public string? Industry { get; set; }

    /// <summary>categories joined with "; ".</summary>
    public string Categories { get; set; } = string.Empty;

    public long? EmployeeCount { get; set; }
    public string? FundingRound { get; set; }
    public string? LinkedinUrl { get; set; }
    public string? Description { get; set; }
    public string? Logo { get; set; }
    public string? DataSource { get; set; }

    /// <summary>matched_event_ids joined with "; " (on a profile: the ids of its events).</summary>
    public string MatchedEventIds { get; set; } = string.Empty;

    /// <summary>On a profile: the names of its events, joined with "; ".</summary>
    public string EventNames { get; set; } = string.Empty;

    public bool? IsRecommended { get; set; }
    public int? RecommendationRank { get; set; }
    public string? MatchStatus { get; set; }
    public decimal? MatchScore { get; set; }
    public string? MatchTier { get; set; }
    public string? MatchReason { get; set; }

    /// <summary>techStacks joined with "; ".</summary>
    public string TechStacks { get; set; } = string.Empty;

    /// <summary>buyingSignalTags joined with "; ".</summary>
    public string BuyingSignalTags { get; set; } = string.Empty;

    public string? BuyingSignalStatus { get; set; }
    public int BuyingSignalCount { get; set; }

    /// <summary>With -PersonnelLimit: how many sample people came with the row.</summary>
    public int PersonnelSampleCount { get; set; }

    /// <summary>With -PersonnelLimit: the sample as "Full Name (Title)" joined with "; ".</summary>
    public string PersonnelSample { get; set; } = string.Empty;

    public static Exhibitor From(ExhibitorItemDto dto, string? eventId = null)
    {
        var sample = dto.Personnel ?? new List<Newtonsoft.Json.Linq.JObject>();
        var profile = dto as ExhibitorProfileDto;
        IReadOnlyList<string?>? eventIds = profile?.Events is { Count: > 0 } events ? events.Select(e => e.PreferredId).ToList() : dto.MatchedEventIds?.Cast<string?>().ToList();
        return new Exhibitor
        {
            ExhibitorId = dto.Id ?? string.Empty,
            EventId = eventId ?? eventIds?.FirstOrDefault(id => !string.IsNullOrEmpty(id)),
            CompanyName = dto.CompanyName,
            Domain = dto.Domain,
            Website = dto.Website,
            Country = dto.Country,
            Industry = dto.Industry,
            Categories = Join.Values(dto.Categories),
            EmployeeCount = dto.EmployeeCount,
            FundingRound = dto.FundingRound,
            LinkedinUrl = dto.LinkedinUrl,
            Description = dto.Description,
            Logo = dto.Logo,
            DataSource = dto.DataSource,
            MatchedEventIds = Join.Values(eventIds),
            EventNames = Join.Values(profile?.Events?.Select(e => e.Name)),
            IsRecommended = dto.IsRecommended,
            RecommendationRank = dto.RecommendationRank,
            MatchStatus = dto.MatchStatus,
            MatchScore = dto.MatchScore,
            MatchTier = dto.MatchTier,
            MatchReason = dto.MatchReason,
            TechStacks = Join.Values(dto.TechStacks),
            BuyingSignalTags = Join.Values(dto.BuyingSignalTags),
            BuyingSignalStatus = dto.BuyingSignalStatus,
            BuyingSignalCount = dto.BuyingSignals?.Count ?? 0,
            PersonnelSampleCount = sample.Count,
            PersonnelSample = Join.Values(sample.Select(Describe)),
        };
    }

    private static string? Describe(Newtonsoft.Json.Linq.JObject person)
    {
        var name = (string?)person["fullName"];
        var title = (string?)person["title"];
        return string.IsNullOrWhiteSpace(title) ? name : $"{name} ({title})";
    }

    public override string ToString() => Display.Named(CompanyName, ExhibitorId);
}
