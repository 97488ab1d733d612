using Lensmor.Core.Hosting;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations;

/// <summary>
/// What event-scoped lists report about previews, told once for the whole run: a list of one event warns as it
/// always did (how many are visible, and the unlock that lifts the limit), and the lists of many piped events
/// warn once in all, with the counts, the events and what unlocking them would cost, instead of once per event
/// (240 events gave about 480 lines). Each event's own figures go to the verbose stream as they are read. A page
/// past the preview window is reported as locked rather than empty, in the same summary.
/// </summary>
/// <remarks>Thread-safe: piped lists run ahead of the pipeline in parallel and share one notice.</remarks>
public sealed class PreviewNotice
{
    private const int IdsShown = 5;

    private readonly string noun;
    private readonly object gate = new();
    private readonly HashSet<string> read = new(StringComparer.Ordinal);
    private readonly List<(string EventId, long? Visible, long? Total, decimal? Credits)> previews = new();
    private readonly List<(string EventId, int Page, int? MaxPage, long? Total, decimal? Credits)> lockedPages = new();

    public PreviewNotice(string noun)
    {
        this.noun = noun;
    }

    /// <summary>Called for each page an event's list reads.</summary>
    public void Inspect(ILensmorHost host, string eventId, AccessSemanticsDto? semantics, int page)
    {
        lock (gate)
        {
            read.Add(eventId);
            if (semantics == null || !semantics.IsPreview || previews.Any(p => p.EventId == eventId) || lockedPages.Any(p => p.EventId == eventId))
            {
                return;
            }

            var counts = semantics.Counts;
            if (semantics.PageState?.Accessible == false)
            {
                lockedPages.Add((eventId, page, semantics.PageState.MaxAccessiblePage, counts?.ActualTotal, semantics.Unlock?.Credits));
                return;
            }

            if (semantics.Unlock?.RequiredForMoreResults != true && (counts?.RemainingLockedCount ?? 0) <= 0)
            {
                return;
            }

            previews.Add((eventId, counts?.VisibleTotal, counts?.ActualTotal, semantics.Unlock?.Credits));
        }

        host.WriteVerbose($"Event {eventId} is in preview: {Count(semantics.Counts?.VisibleTotal)} of {Count(semantics.Counts?.ActualTotal)} {noun} are visible.");
    }

    /// <summary>The warnings for the run: none, or one per kind (preview, locked page). Call once, when every list has ended.</summary>
    public IReadOnlyList<string> Summary()
    {
        lock (gate)
        {
            var lines = new List<string>();
            if (previews.Count == 1)
            {
                var p = previews[0];
                lines.Add($"Event {p.EventId} is in preview: {Count(p.Visible)} of {Count(p.Total)} {noun} are visible. {Unlock(new[] { p.EventId }, p.Credits)} lifts the limit.");
            }
            else if (previews.Count > 1)
            {
                var ids = previews.Select(p => p.EventId).ToList();
                lines.Add(
                    $"{previews.Count} of the {read.Count} events read are in preview: {Sum(previews.Select(p => p.Visible))} of {Sum(previews.Select(p => p.Total))} {noun} are visible. " +
                    $"{Unlock(ids, previews.All(p => p.Credits != null) ? previews.Sum(p => p.Credits) : null)} lifts the limit; -WhatIf shows each price, -Verbose each event.");
            }

            if (lockedPages.Count == 1)
            {
                var l = lockedPages[0];
                lines.Add(
                    $"Page {l.Page} of the {noun} of event {l.EventId} is locked, not empty: the preview shows pages 1 to {l.MaxPage?.ToString() ?? "?"} " +
                    $"and the event has {l.Total?.ToString() ?? "more"} {noun} in all. {Unlock(new[] { l.EventId }, l.Credits)} opens the rest.");
            }
            else if (lockedPages.Count > 1)
            {
                var ids = lockedPages.Select(l => l.EventId).ToList();
                lines.Add(
                    $"For {lockedPages.Count} of the {read.Count} events read, the page asked for is past the preview window: locked, not empty. " +
                    $"{Unlock(ids, lockedPages.All(l => l.Credits != null) ? lockedPages.Sum(l => l.Credits) : null)} opens the rest.");
            }

            return lines;
        }
    }

    public void Report(ILensmorHost host)
    {
        foreach (var line in Summary())
        {
            host.WriteWarning(line);
        }
    }

    private static string Unlock(IReadOnlyList<string> unordered, decimal? credits)
    {
        // Piped lists run in parallel, so the order they were read in is not the input's: ids in numeric order.
        var ids = unordered.OrderBy(id => id.Length).ThenBy(id => id, StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", ids.Take(IdsShown)) + (ids.Count > IdsShown ? $" (and {ids.Count - IdsShown} more)" : string.Empty);
        return $"Unlock-LensmorEvent -Id {shown}{(credits is { } c ? $" ({Credits.Format(c)} credits{(ids.Count > 1 ? " in all" : string.Empty)})" : string.Empty)}";
    }

    private static string Count(long? value) => value?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    private static string Sum(IEnumerable<long?> values)
    {
        var list = values.ToList();
        return list.All(v => v != null) ? Count(list.Sum()) : "?";
    }
}
