using System.Globalization;

namespace Lensmor.Sandbox;

internal sealed partial class SandboxApi
{
    // ------------------------------------------------------------------ events

    private SandboxResult EventsList(SandboxCall c)
    {
        var (page, pageSize) = c.QPaging();
        var keyword = c.QString("keyword", 0, 200);
        var country = c.QString("country", 0, 100);
        var city = c.QString("city", 0, 100);
        var from = ParseDate(c, "date_start_from");
        var to = ParseDate(c, "date_start_to");
        var types = c.QArray("event_type");
        var quality = c.QArray("quality");
        if (from == null && to == null)
        {
            // No date filter: only events from yesterday to one year ahead.
            from = _world.Today.AddDays(-1);
            to = _world.Today.AddYears(1);
        }
        var matches = new List<int>();
        foreach (var e in _world.AllEvents)
        {
            var start = DateOnly.ParseExact(e.DateStart, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (from != null && start < from) continue;
            if (to != null && start > to) continue;
            if (!string.IsNullOrEmpty(keyword) && !(Contains(e.Name, keyword) || Contains(e.Description, keyword) || Contains(e.City, keyword))) continue;
            if (!string.IsNullOrEmpty(country) && !e.Country.Equals(country, StringComparison.OrdinalIgnoreCase)) continue;
            if (!string.IsNullOrEmpty(city) && !e.City.Equals(city, StringComparison.OrdinalIgnoreCase)) continue;
            if (types.Count > 0 && !types.Contains(e.EventType, StringComparer.OrdinalIgnoreCase)) continue;
            if (quality.Count > 0 && !quality.Contains(e.Verified == 1 ? "Verified" : "Standard", StringComparer.OrdinalIgnoreCase)) continue;
            matches.Add(e.Index);
        }
        return SandboxResult.Ok(200, Page(matches, page, pageSize, i => EventItem(_world.Event(i))));
    }

    private static DateOnly? ParseDate(SandboxCall c, string name)
    {
        var v = c.Q(name);
        if (string.IsNullOrEmpty(v)) return null;
        if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw SandboxCall.Invalid($"{name} must be a date (YYYY-MM-DD).");
        return d;
    }

    private SandboxResult EventDetail(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.Groups[0], "id"));
        var d = EventItem(e);
        d["latitude"] = e.Lat;
        d["longitude"] = e.Lon;
        d["attendeeCount"] = e.AttendeeCount;
        d["priceLower"] = e.PriceLower;
        d["priceUpper"] = e.PriceUpper;
        d["eventType"] = e.EventType;
        d["categories"] = new object[] { CategoryObject(e.Category) };
        d["topics"] = e.Topics;
        d["topicsCount"] = e.Topics.Length;
        d["verified"] = e.Verified;
        d["future"] = 1;
        d["historic"] = 0;
        d["historicEvent"] = null;
        d["personnelCount"] = e.ExhibitorCount * SandboxWorld.PerExhibitor;
        d["eventTypes"] = new object[] { new { id = Array.IndexOf(SandboxWorld.EventTypes, e.EventType) + 1, name = e.EventType } };
        return SandboxResult.Ok(200, new { @event = d });
    }

    private static object CategoryObject(string name) => new
    {
        id = (int)(SandboxWorld.HashText(name) % 900) + 100,
        code = name.ToLowerInvariant().Replace(' ', '_').Replace("-", "_", StringComparison.Ordinal),
        name,
        description = (string?)null,
        confidence = "0.92",
    };

    private SandboxResult EventBrief(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.QString("event_id", 1, 100, required: true)));
        return SandboxResult.Ok(200, new
        {
            @event = EventItem(e),
            summary = new { attendeeCount = (int?)e.AttendeeCount, exhibitorCount = e.ExhibitorCount, topCategories = new[] { e.Category }, dataFreshness = "sandbox_snapshot" },
        });
    }

    /// <summary>Deterministic 0-1 "profile match" of one event (seeded).</summary>
    private double MatchScore(int eventIndex, ulong salt = 0) => (_world.Hash(7, eventIndex ^ (long)(salt & 0x7FFFFFFF)) % 1001) / 1000.0;

    private SandboxResult FitScore(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.BString("event_id", 1, 100, required: true)));
        var profile = Math.Round(MatchScore(e.Index) * 10, 1);
        var density = Math.Round(Math.Min(10, e.ExhibitorCount / 10.0), 1);
        var scale = Math.Round(Math.Min(10, e.AttendeeCount / 6_000.0), 1);
        var score = Math.Round(profile * 0.6 + density * 0.2 + scale * 0.2, 1);
        var rec = score >= 7 ? "recommended" : score >= 4 ? "consider" : "not_recommended";
        return SandboxResult.Ok(201, new
        {
            @event = EventItem(e),
            score,
            recommendation = rec,
            breakdown = new { profile_match = profile, matched_exhibitor_density = density, event_scale = scale },
        });
    }

    private SandboxResult Rank(SandboxCall c)
    {
        var ids = c.BStringArray("event_ids", 1, 100, required: true)!;
        var events = ids.Distinct().Select(id => { if (id.Length is 0 or > 100) throw SandboxCall.Invalid("event_ids items must be 1-100 characters."); return RequireEvent(id); }).ToList();
        var ranked = events.Select(i => (Index: i, Score: MatchScore(i))).OrderByDescending(x => x.Score).ThenBy(x => x.Index).ToList();
        var items = ranked.Select((x, n) => (object)new
        {
            event_id = _world.Event(x.Index).Id,
            name = _world.Event(x.Index).Name,
            rank = n + 1,
            match_score = x.Score,
            reasons = Array.Empty<string>(),
        }).ToArray();
        return SandboxResult.Ok(201, new { items });
    }

    // ------------------------------------------------------------------ event unlocks

    private SandboxResult UnlockEvent(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.Groups[0], "id"));
        if (_world.UnlockedEvents.Contains(e.Index))
            return SandboxResult.Ok(201, new { success = true, alreadyUnlocked = true, creditsUsed = 0m, balanceAfter = (object?)null, @event = EventIdentity(e) });
        if (!_ledger.TryCharge("unlock_event", e.Id, EventUnlockCredits, c.TraceId)) throw Insufficient(EventUnlockCredits, _ledger.TotalBalance);
        _world.UnlockedEvents.Add(e.Index);
        return SandboxResult.Ok(201, new { success = true, alreadyUnlocked = false, creditsUsed = EventUnlockCredits, balanceAfter = (object?)ShortBalance(), @event = EventIdentity(e) });
    }

    private SandboxResult UnlockVisitors(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.Groups[0], "id"));
        if (_world.VisitorUnlockedEvents.Contains(e.Index))
            return SandboxResult.Ok(201, new { success = true, alreadyUnlocked = true, creditsSpent = 0, balanceAfter = (object?)null, @event = EventIdentity(e) });
        if (!_world.UnlockedEvents.Contains(e.Index)) throw Conflict("Visitor access needs base event access first: unlock the event (or use full-access unlock).");
        if (!e.HasVisitors) throw Conflict("This event has no visitor data to unlock.");
        if (!_ledger.TryCharge("unlock_event_visitors", e.Id, VisitorUnlockCredits, c.TraceId)) throw Insufficient(VisitorUnlockCredits, _ledger.TotalBalance);
        _world.VisitorUnlockedEvents.Add(e.Index);
        return SandboxResult.Ok(201, new { success = true, alreadyUnlocked = false, creditsSpent = (int)VisitorUnlockCredits, balanceAfter = (object?)BalanceView(), @event = EventIdentity(e) });
    }

    /// <summary>
    /// Charges only missing layers. eventUnlocked / visitorUnlocked report the access state after the call;
    /// visitorSkipped is true when the event has no visitor data (so that layer was neither charged nor granted).
    /// </summary>
    private SandboxResult UnlockFullAccess(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.Groups[0], "id"));
        var needBase = !_world.UnlockedEvents.Contains(e.Index);
        var needVisitors = e.HasVisitors && !_world.VisitorUnlockedEvents.Contains(e.Index);
        var cost = (needBase ? EventUnlockCredits : 0) + (needVisitors ? VisitorUnlockCredits : 0);
        if (cost == 0)
        {
            return SandboxResult.Ok(201, new
            {
                success = true, alreadyUnlocked = true, eventUnlocked = true, visitorUnlocked = _world.VisitorUnlockedEvents.Contains(e.Index),
                visitorSkipped = !e.HasVisitors, totalCreditsUsed = 0, balanceAfter = (object?)null, @event = EventIdentity(e),
            });
        }
        if (!_ledger.TryCharge("unlock_event_full_access", e.Id, cost, c.TraceId)) throw Insufficient(cost, _ledger.TotalBalance);
        _world.UnlockedEvents.Add(e.Index);
        if (e.HasVisitors) _world.VisitorUnlockedEvents.Add(e.Index);
        return SandboxResult.Ok(201, new
        {
            success = true, alreadyUnlocked = false, eventUnlocked = true, visitorUnlocked = e.HasVisitors,
            visitorSkipped = !e.HasVisitors, totalCreditsUsed = (int)cost, balanceAfter = (object?)ShortBalance(), @event = EventIdentity(e),
        });
    }
}
