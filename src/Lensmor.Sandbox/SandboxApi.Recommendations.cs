using System.Globalization;

namespace Lensmor.Sandbox;

internal sealed partial class SandboxApi
{
    // ------------------------------------------------------------------ profile matching

    private SandboxResult ApplyRecommendedEvents(SandboxCall c)
    {
        var url = c.BString("company_url", 0, 2048);
        var audience = c.BString("target_audience", 0, 5000);
        if (string.IsNullOrWhiteSpace(url) && string.IsNullOrWhiteSpace(audience))
            throw SandboxCall.Invalid("Provide company_url or target_audience (at least one).");
        var (page, pageSize) = c.BPaging();
        var city = c.BString("city", 0, 100);
        var region = c.BString("region", 0, 100);
        var country = c.BString("country", 0, 100);
        var categories = c.BStringArray("category", 0, 100) ?? new List<string>();
        var typeIds = c.BStringArray("eventTypeIds", 0, 20) ?? new List<string>();
        var from = BDate(c, "dateStartFrom");
        var to = BDate(c, "dateStartTo");
        var future = c.BInt("future", 0, 1);
        var attMin = c.BInt("attendeeCountMin", 0, int.MaxValue);
        var attMax = c.BInt("attendeeCountMax", 0, int.MaxValue);
        c.B("autoRecommendTop3EventsEnabled");
        var salt = SandboxWorld.HashText((url ?? "") + "|" + (audience ?? ""));
        var matches = _world.AllEvents.Where(e =>
                (string.IsNullOrEmpty(city) || e.City.Equals(city, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(region) || e.Region.Equals(region, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(country) || e.Country.Equals(country, StringComparison.OrdinalIgnoreCase))
                && (categories.Count == 0 || categories.Contains(e.Category, StringComparer.OrdinalIgnoreCase))
                && (typeIds.Count == 0 || typeIds.Contains((Array.IndexOf(SandboxWorld.EventTypes, e.EventType) + 1).ToString(CultureInfo.InvariantCulture)))
                && (from == null || string.CompareOrdinal(e.DateStart, from) >= 0)
                && (to == null || string.CompareOrdinal(e.DateStart, to) <= 0)
                && (future != 0 || true)
                && (attMin == null || e.AttendeeCount >= attMin) && (attMax == null || e.AttendeeCount <= attMax))
            .Select(e => (e.Index, Score: MatchScore(e.Index, salt)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Index).ToList();
        var scores = matches.ToDictionary(x => x.Index, x => x.Score);
        var body = Page(matches.Select(x => x.Index).ToList(), page, pageSize, i =>
        {
            var d = EventItem(_world.Event(i));
            d["match_score"] = scores[i];
            return d;
        });
        body["status"] = "completed";
        body["condition_tags"] = new { company_url = url, target_audience = audience, city, region, country, category = categories };
        body["profile_version"] = 1;
        body["active_result_version"] = 1;
        body["is_stale"] = false;
        return SandboxResult.Ok(201, body);
    }

    private static string? BDate(SandboxCall c, string name)
    {
        var v = c.BString(name, 0, 10);
        if (string.IsNullOrEmpty(v)) return null;
        if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) throw SandboxCall.Invalid($"{name} must be a date (YYYY-MM-DD).");
        return v;
    }

    private SandboxResult RecommendedExhibitors(SandboxCall c)
    {
        var eventId = c.QString("event_id", 1, 100, required: true)!;
        var e = SandboxWorld.TryEventIndex(eventId) ?? throw new ApiException(404, "EVENT_NOT_FOUND", $"Event '{eventId}' was not found.");
        var (page, pageSize) = c.QPaging();
        var locations = c.QArray("location");
        var search = c.QString("searchQuery", 0, 200);
        var names = c.QArray("exhibitorName");
        var categories = c.QArray("category");
        var industries = c.QArray("industry");
        var empMin = c.QInt("employeesMin", 0, int.MaxValue);
        var empMax = c.QInt("employeesMax", 0, int.MaxValue);
        var rows = new List<(int J, double Score)>();
        for (var j = SandboxWorld.ExhibitorStart(e); j < SandboxWorld.ExhibitorEnd(e); j++)
        {
            var x = _world.Exhibitor(j);
            if (locations.Count > 0 && !locations.Contains(x.Country, StringComparer.OrdinalIgnoreCase)) continue;
            if (!string.IsNullOrEmpty(search) && !(Contains(x.CompanyName, search) || Contains(x.Description, search) || Contains(x.Industry, search))) continue;
            if (names.Count > 0 && !names.Any(n => Contains(x.CompanyName, n))) continue;
            if (categories.Count > 0 && !categories.Contains(x.Category, StringComparer.OrdinalIgnoreCase)) continue;
            if (industries.Count > 0 && !industries.Contains(x.Industry, StringComparer.OrdinalIgnoreCase)) continue;
            if (empMin != null && x.EmployeeCount < empMin) continue;
            if (empMax != null && x.EmployeeCount > empMax) continue;
            rows.Add((j, (_world.Hash(9, j) % 1001) / 1000.0));
        }
        rows = rows.OrderByDescending(r => r.Score).ThenBy(r => r.J).ToList();
        var rank = rows.Select((r, i) => (r.J, i + 1)).ToDictionary(x => x.J, x => x.Item2);
        var scoreOf = rows.ToDictionary(r => r.J, r => r.Score);
        var body = Page(rows.Select(r => r.J).ToList(), page, pageSize, j =>
        {
            var x = _world.Exhibitor(j);
            var s = scoreOf[j];
            var recommended = s >= 0.5;
            return new
            {
                id = x.Id, companyName = x.CompanyName, description = (string?)x.Description, logo = (string?)x.Logo, website = (string?)x.Website,
                country = (string?)x.Country, industry = (string?)x.Industry, categories = new[] { x.Category }, employeeCount = (int?)x.EmployeeCount,
                companySize = (string?)(x.EmployeeCount < 50 ? "1-50" : x.EmployeeCount < 500 ? "51-500" : "501+"), fundingRound = (string?)x.FundingRound,
                techStacks = Array.Empty<string>(), isRecommended = recommended, recommendationRank = recommended ? (int?)rank[j] : null,
                matchStatus = (string?)"ready", matchScore = (double?)s,
                matchTier = (string?)(s >= 0.85 ? "top_match" : s >= 0.65 ? "strong_match" : "qualifying_match"),
                reason = (string?)$"{x.CompanyName} works in {x.Industry.ToLowerInvariant()}, matching the profile.",
            };
        });
        body["recommendationProcessing"] = false;
        body["code"] = null;
        body["show_refresh_hint"] = false;
        return SandboxResult.Ok(200, body);
    }
}
