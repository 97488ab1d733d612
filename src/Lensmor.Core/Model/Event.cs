using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>One trade-show event, flat, as the catalogue and the detail route return it.</summary>
public sealed class Event : EventFields
{
    public static Event From(EventItemDto dto)
    {
        var row = new Event();
        row.Fill(dto);
        return row;
    }
}

/// <summary>
/// The fields of an event, and their one mapping from the API's EventItem (<see cref="Fill"/>): an Event, a
/// RecommendedEvent and an EventBrief are each these fields plus their own, so an event field is added or renamed
/// in one place. Abstract: output types stay sealed, each with its own view.
/// </summary>
public abstract class EventFields
{
    /// <summary>The id to store and to pass on (the API's eventId).</summary>
    public string EventId { get; set; } = string.Empty;
    public string? Name { get; set; }
    public string? Nickname { get; set; }

    /// <summary>The first day (a calendar day): compares with Get-Date, prints yyyy-MM-dd in every culture.</summary>
    public UtcTime? DateStart { get; set; }

    /// <summary>The last day (a calendar day).</summary>
    public UtcTime? DateEnd { get; set; }
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

    public override string ToString() => Display.Named(Name, EventId);

    /// <summary>The one mapping of the API's EventItem onto an event row; <paramref name="requestedId"/> stands in for a missing id.</summary>
    private protected void Fill(EventItemDto dto, string? requestedId = null)
    {
        EventId = dto.PreferredId ?? requestedId ?? string.Empty;
        Name = dto.Name;
        Nickname = dto.Nickname;
        DateStart = UtcTime.FromWire(dto.DateStart);
        DateEnd = UtcTime.FromWire(dto.DateEnd);
        Venue = dto.Venue;
        City = dto.City;
        Region = dto.Region;
        Country = dto.Country;
        ExhibitorCount = dto.ExhibitorCount;
        AttendeeCount = dto.AttendeeCount;
        PersonnelCount = dto.PersonnelCount;
        HasVisitors = dto.HasVisitors;
        SponsorMatchStarred = dto.IsSponsorMatchStarred;
        EventType = dto.EventType;
        Url = dto.Url;
        Description = dto.Description;
        DataSource = dto.DataSource;
    }
}
