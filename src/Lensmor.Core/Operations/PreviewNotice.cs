using Lensmor.Core.Hosting;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations;

/// <summary>
/// Tells the user, once per call, that an event-scoped list is a preview, and reports a page past the
/// preview window as locked rather than empty.
/// </summary>
public sealed class PreviewNotice
{
    private readonly ILensmorHost host;
    private readonly string eventId;
    private readonly string noun;
    private bool warned;

    public PreviewNotice(ILensmorHost host, string eventId, string noun)
    {
        this.host = host;
        this.eventId = eventId;
        this.noun = noun;
    }

    public void Inspect(AccessSemanticsDto? semantics, int page)
    {
        if (semantics == null || !semantics.IsPreview)
        {
            return;
        }

        var counts = semantics.Counts;
        var unlock = semantics.Unlock?.Credits is { } credits ? $"Unlock-LensmorEvent -Id {eventId} ({Credits.Format(credits)} credits)" : $"Unlock-LensmorEvent -Id {eventId}";
        if (semantics.PageState?.Accessible == false)
        {
            host.WriteWarning(
                $"Page {page} of the {noun} of event {eventId} is locked, not empty: the preview shows pages 1 to {semantics.PageState.MaxAccessiblePage?.ToString() ?? "?"} " +
                $"and the event has {counts?.ActualTotal?.ToString() ?? "more"} {noun} in all. {unlock} opens the rest.");
            warned = true;
            return;
        }

        if (!warned && (semantics.Unlock?.RequiredForMoreResults == true || (counts?.RemainingLockedCount ?? 0) > 0))
        {
            host.WriteWarning(
                $"Event {eventId} is in preview: {counts?.VisibleTotal?.ToString() ?? "?"} of {counts?.ActualTotal?.ToString() ?? "?"} {noun} are visible. {unlock} lifts the limit.");
            warned = true;
        }
    }
}
