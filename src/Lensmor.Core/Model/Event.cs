using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>One trade-show event, flat, as the catalogue and the detail route return it.</summary>
public sealed class Event
{
    /// <summary>The id to store and to pass on (the API's eventId).</summary>
    public string EventId { get; set; } = string.Empty;
    public string? Name { get; set; }
    public string? Nickname { get; set; }
    public string? DateStart { get; set; }
    public string? DateEnd { get; set; }
    public string? Venue { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
    public long? ExhibitorCount { get; set; }
    public long? AttendeeCount { get; set; }
    public long? PersonnelCount { get; set; }
    public bool? HasVisitors { get; set; }
    public bool? SponsorMatchStarred { get; set; }
    public string? EventType { get; set; }
    public string? Url { get; set; }
    public string? Description { get; set; }
    public string? DataSource { get; set; }

    public static Event From(EventItemDto dto) => new()
    {
        EventId = dto.PreferredId ?? string.Empty,
        Name = dto.Name,
        Nickname = dto.Nickname,
        DateStart = dto.DateStart,
        DateEnd = dto.DateEnd,
        Venue = dto.Venue,
        City = dto.City,
        Region = dto.Region,
        Country = dto.Country,
        ExhibitorCount = dto.ExhibitorCount,
        AttendeeCount = dto.AttendeeCount,
        PersonnelCount = dto.PersonnelCount,
        HasVisitors = dto.HasVisitors,
        SponsorMatchStarred = dto.IsSponsorMatchStarred,
        EventType = dto.EventType,
        Url = dto.Url,
        Description = dto.Description,
        DataSource = dto.DataSource,
    };

    public override string ToString() => Display.Named(Name, EventId);
}
