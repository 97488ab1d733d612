using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>A compact event summary (GET /external/events/brief): the event plus its coverage counts, flat.</summary>
public sealed class EventBrief
{
    public string EventId { get; set; } = string.Empty;
    public string? Name { get; set; }
    public string? DateStart { get; set; }
    public string? DateEnd { get; set; }
    public string? Venue { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
    public long? ExhibitorCount { get; set; }
    public long? AttendeeCount { get; set; }
    public bool? HasVisitors { get; set; }
    public bool? SponsorMatchStarred { get; set; }

    /// <summary>The summary's topCategories joined with "; ".</summary>
    public string TopCategories { get; set; } = string.Empty;

    public string? DataFreshness { get; set; }
    public string? Url { get; set; }
    public string? Description { get; set; }
    public string? DataSource { get; set; }

    public static EventBrief From(EventBriefDto dto, string requestedId)
    {
        var e = dto.Event ?? new EventItemDto();
        var s = dto.Summary ?? new EventBriefSummaryDto();
        return new EventBrief
        {
            EventId = e.PreferredId ?? requestedId,
            Name = e.Name,
            DateStart = e.DateStart,
            DateEnd = e.DateEnd,
            Venue = e.Venue,
            City = e.City,
            Region = e.Region,
            Country = e.Country,
            ExhibitorCount = s.ExhibitorCount ?? e.ExhibitorCount,
            AttendeeCount = s.AttendeeCount ?? e.AttendeeCount,
            HasVisitors = e.HasVisitors,
            SponsorMatchStarred = e.IsSponsorMatchStarred,
            TopCategories = Join.Values(s.TopCategories),
            DataFreshness = s.DataFreshness,
            Url = e.Url,
            Description = e.Description,
            DataSource = e.DataSource,
        };
    }

    public override string ToString() => Display.Named(Name, EventId);
}
