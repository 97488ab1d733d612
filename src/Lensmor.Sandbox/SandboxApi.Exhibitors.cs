namespace Lensmor.Sandbox;

internal sealed partial class SandboxApi
{
    // ------------------------------------------------------------------ exhibitor views

    internal Dictionary<string, object?> ExhibitorBase(int j)
    {
        var x = _world.Exhibitor(j);
        return new Dictionary<string, object?>
        {
            ["id"] = x.Id,
            ["companyName"] = x.CompanyName,
            ["domain"] = x.Domain,
            ["description"] = x.Description,
            ["website"] = x.Website,
            ["industry"] = x.Industry,
            ["employeeCount"] = x.EmployeeCount,
            ["country"] = x.Country,
            ["logo"] = x.Logo,
            ["dataSource"] = "Lensmor",
            ["linkedinUrl"] = x.LinkedinUrl,
            ["fundingRound"] = x.FundingRound,
            ["matched_event_ids"] = new[] { SandboxWorld.EventId(x.EventIndex) },
            ["isRecommended"] = false,
            ["recommendationRank"] = null,
            ["matchStatus"] = null,
            ["matchScore"] = null,
            ["matchTier"] = null,
            ["matchReason"] = null,
            ["categories"] = new[] { x.Category },
        };
    }

    internal Dictionary<string, object?> ExhibitorItem(int j)
    {
        var d = ExhibitorBase(j);
        d["techStacks"] = Array.Empty<string>();
        d["buyingSignalTags"] = Array.Empty<string>();
        d["buyingSignalStatus"] = null;
        d["buyingSignals"] = Array.Empty<object>();
        return d;
    }

    // ------------------------------------------------------------------ exhibitors

    private SandboxResult ExhibitorsList(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.QString("event_id", 1, 100, required: true)));
        var (page, pageSize) = c.QPaging();
        var keyword = c.QString("keyword", 0, 200);
        var country = c.QString("country", 0, 100);
        var categories = c.QArray("category");
        var industries = c.QArray("industry");
        var jobTitles = c.QArray("jobTitle");
        var levels = c.QArray("managementLevel");
        var departments = c.QArray("department");
        var personnelLimit = c.QInt("personnelLimit", 0, int.MaxValue) ?? 0;
        var personFilter = jobTitles.Count + levels.Count + departments.Count > 0;

        bool PersonMatches(SandboxWorld.PersonData p) =>
            (jobTitles.Count == 0 || jobTitles.Any(t => Contains(p.Title, t)))
            && (levels.Count == 0 || levels.Contains(p.Level, StringComparer.OrdinalIgnoreCase))
            && (departments.Count == 0 || departments.Contains(p.Department, StringComparer.OrdinalIgnoreCase));

        var matches = new List<int>();
        for (var j = SandboxWorld.ExhibitorStart(e.Index); j < SandboxWorld.ExhibitorEnd(e.Index); j++)
        {
            if (!string.IsNullOrEmpty(keyword) && !Contains(_world.CompanyName(j), keyword)) continue;
            if (!string.IsNullOrEmpty(country) || categories.Count > 0 || industries.Count > 0)
            {
                var x = _world.Exhibitor(j);
                if (!string.IsNullOrEmpty(country) && !x.Country.Equals(country, StringComparison.OrdinalIgnoreCase)) continue;
                if (categories.Count > 0 && !categories.Contains(x.Category, StringComparer.OrdinalIgnoreCase)) continue;
                if (industries.Count > 0 && !industries.Contains(x.Industry, StringComparer.OrdinalIgnoreCase)) continue;
            }
            if (personFilter && !Enumerable.Range(j * SandboxWorld.PerExhibitor, SandboxWorld.PerExhibitor).Any(k => PersonMatches(_world.Person(k)))) continue;
            matches.Add(j);
        }
        var full = _world.UnlockedEvents.Contains(e.Index);
        var body = PreviewPage(matches, page, pageSize, full, "unlock_event_exhibitors", j =>
        {
            var d = ExhibitorItem(j);
            if (personnelLimit > 0)
            {
                d["personnel"] = Enumerable.Range(j * SandboxWorld.PerExhibitor, SandboxWorld.PerExhibitor)
                    .Where(k => !personFilter || PersonMatches(_world.Person(k)))
                    .Take(personnelLimit).Select(k => (object)ContactItem(k, false)).ToArray();
            }
            return d;
        });
        var ordered = new Dictionary<string, object?>();
        foreach (var key in new[] { "items", "total", "page", "pageSize", "totalPages", "hasMore" }) ordered[key] = body[key];
        ordered["recommendationProcessing"] = false;
        ordered["semantics"] = body["semantics"];
        ordered["recommendationProcessingFeature"] = null;
        return SandboxResult.Ok(200, ordered);
    }

    private SandboxResult ExhibitorsSearch(SandboxCall c)
    {
        var url = c.BString("company_url", 0, 2048);
        var audience = c.BString("target_audience", 0, 5000);
        if (string.IsNullOrWhiteSpace(url) && string.IsNullOrWhiteSpace(audience))
            throw SandboxCall.Invalid("Provide company_url or target_audience (at least one).");
        if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out _) && !Uri.TryCreate("https://" + url, UriKind.Absolute, out _))
            throw SandboxCall.Invalid("company_url must be a URL.");
        var (page, pageSize) = c.BPaging();
        // Deterministic pseudo-relevance: a block of 200 exhibitors chosen from the query text.
        var h = SandboxWorld.HashText((url ?? "") + "|" + (audience ?? ""));
        var start = (int)(h % SandboxWorld.Exhibitors);
        var matches = Enumerable.Range(0, 200).Select(i => (start + i * 97) % SandboxWorld.Exhibitors).ToList();
        return SandboxResult.Ok(201, Page(matches, page, pageSize, j => ExhibitorItem(j)));
    }

    private int RequireExhibitor(SandboxCall c)
    {
        var id = c.QString("exhibitor_id", 1, 100, required: true)!;
        return SandboxWorld.TryExhibitorIndex(id) ?? throw NotFound("exhibitor", id);
    }

    private SandboxResult ExhibitorProfile(SandboxCall c)
    {
        var j = RequireExhibitor(c);
        var d = ExhibitorBase(j);
        d["events"] = new[] { EventIdentity(_world.Event(SandboxWorld.EventOfExhibitor(j))) };
        return SandboxResult.Ok(200, d);
    }

    private SandboxResult ExhibitorEvents(SandboxCall c)
    {
        var j = RequireExhibitor(c);
        var (page, pageSize) = c.QPaging();
        return SandboxResult.Ok(200, Page(new[] { SandboxWorld.EventOfExhibitor(j) }, page, pageSize, i => EventItem(_world.Event(i))));
    }
}
