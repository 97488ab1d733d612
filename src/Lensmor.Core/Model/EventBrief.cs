using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>A compact event summary (GET /external/events/brief): the event plus its coverage counts, flat.</summary>
public sealed class EventBrief : EventFields
{
    /// <summary>The summary's topCategories joined with "; ".</summary>
    public string TopCategories { get; set; } = string.Empty;

    public string? DataFreshness { get; set; }

    public static EventBrief From(EventBriefDto dto, string requestedId)
    {
        var e = dto.Event ?? new EventItemDto();
        var s = dto.Summary ?? new EventBriefSummaryDto();
        var row = new EventBrief { TopCategories = Join.Values(s.TopCategories), DataFreshness = s.DataFreshness };
        row.Fill(e, requestedId);

        // The summary's counts are the brief's own; the event's stand in where it has none.
        row.ExhibitorCount = s.ExhibitorCount ?? e.ExhibitorCount;
        row.AttendeeCount = s.AttendeeCount ?? e.AttendeeCount;
        return row;
    }
}
