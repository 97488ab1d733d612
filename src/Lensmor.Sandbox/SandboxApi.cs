using System.Globalization;
using System.Text.RegularExpressions;

namespace Lensmor.Sandbox;

/// <summary>
/// The /external route table and handlers. Handlers run synchronously under <see cref="SandboxWorld.Gate"/>,
/// so a paid action's check, charge and state change are atomic.
/// Wire format: anonymous objects / dictionaries whose member names are exactly the contract's field names.
/// </summary>
internal sealed partial class SandboxApi
{
    internal const decimal EventUnlockCredits = 2000;
    internal const decimal VisitorUnlockCredits = 3000;
    internal const decimal CompanySearchCredits = 50;
    internal const decimal EmailCredits = 15;
    internal const decimal PhoneCredits = 150;
    internal const decimal LinkedinActivityCredits = 5;
    internal const decimal OutreachCredits = 10;

    private readonly SandboxWorld _world;
    private readonly SandboxLedger _ledger;
    private readonly SandboxOptions _options;
    private readonly DateTimeOffset _startedAt;
    private readonly long _resetAtMs;
    private readonly long _addonExpireAtMs;
    private readonly List<Route> _routes = new();

    internal sealed record Route(string Method, Regex Pattern, Func<SandboxCall, SandboxResult> Handler, bool Paid);

    internal sealed record RouteMatch(Route Route, string[] Groups)
    {
        public bool Paid => Route.Paid;
    }

    public SandboxApi(SandboxWorld world, SandboxLedger ledger, SandboxOptions options, DateTimeOffset startedAt)
    {
        _world = world;
        _ledger = ledger;
        _options = options;
        _startedAt = startedAt;
        var day = new DateTimeOffset(startedAt.UtcDateTime.Date, TimeSpan.Zero);
        _resetAtMs = day.AddDays(30).ToUnixTimeMilliseconds();
        _addonExpireAtMs = day.AddDays(90).ToUnixTimeMilliseconds();

        Add("GET", "/external/credits/balance", _ => SandboxResult.Ok(200, BalanceView()));
        Add("POST", "/external/actions/precheck", Precheck);
        Add("GET", "/external/events/list", EventsList);
        Add("GET", "/external/events/brief", EventBrief);
        Add("POST", "/external/events/fit-score", FitScore);
        Add("POST", "/external/events/rank", Rank);
        Add("POST", "/external/events/([^/]+)/unlock", UnlockEvent, paid: true);
        Add("POST", "/external/events/([^/]+)/visitors/unlock", UnlockVisitors, paid: true);
        Add("POST", "/external/events/([^/]+)/full-access/unlock", UnlockFullAccess, paid: true);
        Add("GET", "/external/events/([^/]+)", EventDetail);
        Add("GET", "/external/exhibitors/list", ExhibitorsList);
        Add("POST", "/external/exhibitors/search", ExhibitorsSearch);
        Add("POST", "/external/exhibitors/search-by-company-name", SearchByCompanyName, paid: true);
        Add("POST", "/external/exhibitors/search-events", SearchEvents, paid: true);
        Add("GET", "/external/exhibitors/profile", ExhibitorProfile);
        Add("GET", "/external/exhibitors/events", ExhibitorEvents);
        Add("GET", "/external/personnel/list", PersonnelList);
        Add("GET", "/external/personnel/profile", PersonnelProfile);
        Add("GET", "/external/personnel/events", PersonnelEvents);
        Add("GET", "/external/personnel/events/by-linkedin", PersonnelByLinkedin);
        Add("POST", "/external/personnel/unlock-linkedin-activity", UnlockLinkedinActivity, paid: true);
        Add("POST", "/external/personnel/generate-outreach-message", GenerateOutreach, paid: true);
        Add("GET", "/external/personnel/outreach", OutreachDetail);
        Add("GET", "/external/contacts/search", ContactsSearch);
        Add("POST", "/external/contacts/unlock", c => UnlockContacts(c, phone: false), paid: true);
        Add("GET", "/external/contacts/unlock-tasks/([^/]+)", c => PollTask(c, phone: false));
        Add("POST", "/external/contacts/unlock-phone", c => UnlockContacts(c, phone: true), paid: true);
        Add("GET", "/external/contacts/unlock-phone-tasks/([^/]+)", c => PollTask(c, phone: true));
        Add("POST", "/external/profile-matching/actions/apply-recommended-events/paged", ApplyRecommendedEvents);
        Add("POST", "/external/profile-matching/recommendations/events/paged", ApplyRecommendedEvents); // deprecated alias (prose)
        Add("GET", "/external/profile-matching/recommendations/exhibitors", RecommendedExhibitors);
    }

    private void Add(string method, string pattern, Func<SandboxCall, SandboxResult> handler, bool paid = false) =>
        _routes.Add(new Route(method, new Regex("^" + pattern + "/?$", RegexOptions.CultureInvariant), handler, paid));

    public RouteMatch? Match(string method, string path)
    {
        foreach (var r in _routes)
        {
            if (r.Method != method) continue;
            var m = r.Pattern.Match(path);
            if (m.Success) return new RouteMatch(r, m.Groups.Cast<Group>().Skip(1).Select(g => Uri.UnescapeDataString(g.Value)).ToArray());
        }
        return null;
    }

    public SandboxResult Execute(RouteMatch match, SandboxCall call)
    {
        lock (_world.Gate)
        {
            try
            {
                SettleTasks(DateTimeOffset.UtcNow);
                return match.Route.Handler(call);
            }
            catch (ApiException ex)
            {
                return SandboxResult.Error(ex.Status, ex.ErrorKey, ex.Message, call.TraceId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A sandbox bug must still look like an API error, not a dropped connection.
                return SandboxResult.Error(500, "INTERNAL_ERROR", "Sandbox internal error: " + ex.GetType().Name + ": " + ex.Message, call.TraceId);
            }
        }
    }

    // ------------------------------------------------------------------ shared views

    private static ApiException NotFound(string what, string id) =>
        new(404, what.ToUpperInvariant() + "_NOT_FOUND", $"{what[..1].ToUpperInvariant()}{what[1..].ToLowerInvariant()} '{id}' was not found.");

    private static ApiException Insufficient(decimal need, decimal have) =>
        new(402, "INSUFFICIENT_CREDITS", string.Create(CultureInfo.InvariantCulture, $"Insufficient credits: this action needs {need} credits, the balance is {have}."));

    private static ApiException Conflict(string message) => new(409, "STATE_CONFLICT", message);

    private int RequireEvent(string? id, string name = "event_id", int maxLength = 100)
    {
        if (string.IsNullOrEmpty(id)) throw SandboxCall.Invalid($"{name} is required.");
        if (id.Length > maxLength) throw SandboxCall.Invalid($"{name} must be at most {maxLength} characters.");
        return SandboxWorld.TryEventIndex(id) ?? throw NotFound("event", id);
    }

    internal Dictionary<string, object?> BalanceView()
    {
        var s = _ledger.Snapshot();
        return new Dictionary<string, object?>
        {
            ["totalAmount"] = s.TotalAmount,
            ["totalBalance"] = s.Total,
            ["subscriptionAmount"] = s.SubAmount,
            ["subscriptionBalance"] = s.Sub,
            ["addonAmount"] = s.AddonAmount,
            ["addonBalance"] = s.Addon,
            ["addonExpireAt"] = s.AddonAmount > 0 ? _addonExpireAtMs : null,
            ["giftAmount"] = s.GiftAmount,
            ["giftBalance"] = s.Gift,
            ["resetAt"] = _resetAtMs,
        };
    }

    private object ShortBalance()
    {
        var s = _ledger.Snapshot();
        return new { subscriptionBalance = s.Sub, permanentBalance = s.Gift, totalBalance = s.Total, unlimited = false };
    }

    internal Dictionary<string, object?> EventItem(SandboxWorld.EventData e) => new()
    {
        ["id"] = e.Id,
        ["eventId"] = e.Id,
        ["name"] = e.Name,
        ["nickname"] = null,
        ["description"] = e.Description,
        ["url"] = e.Url,
        ["dateStart"] = e.DateStart,
        ["dateEnd"] = e.DateEnd,
        ["venue"] = e.Venue,
        ["city"] = e.City,
        ["region"] = e.Region,
        ["country"] = e.Country,
        ["exhibitorCount"] = e.ExhibitorCount,
        ["hasVisitors"] = e.HasVisitors,
        ["sponsorMatchStarred"] = e.SponsorMatchStarred,
        ["image"] = $"https://images.example.com/events/{e.Id}.jpg",
        ["dataSource"] = "Lensmor",
    };

    private static object EventIdentity(SandboxWorld.EventData e) => new { id = e.Id, eventId = e.Id, name = e.Name };

    internal static Dictionary<string, object?> Page(IReadOnlyList<object> pageItems, int total, int page, int pageSize)
    {
        var totalPages = total == 0 ? 0 : (total + pageSize - 1) / pageSize;
        return new Dictionary<string, object?>
        {
            ["items"] = pageItems,
            ["total"] = total,
            ["page"] = page,
            ["pageSize"] = pageSize,
            ["totalPages"] = totalPages,
            ["hasMore"] = page < totalPages,
        };
    }

    /// <summary>Pages a list of indexes, projecting only the visible page.</summary>
    internal static Dictionary<string, object?> Page(IReadOnlyList<int> all, int page, int pageSize, Func<int, object> project)
    {
        var skip = (long)(page - 1) * pageSize;
        var items = new List<object>();
        for (var i = skip; i < all.Count && items.Count < pageSize; i++) items.Add(project(all[(int)i]));
        return Page(items, all.Count, page, pageSize);
    }

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

    internal static bool Contains(string? haystack, string needle) =>
        haystack != null && haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);

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

    // ------------------------------------------------------------------ company-name searches

    private static readonly int[] SponsorMatchStarredEnum = { 0, 1 };

    /// <summary>Exhibitors whose company name contains the text (case-insensitive); exact, then prefix, then substring matches.</summary>
    internal List<int> MatchCompanies(string text)
    {
        var names = _world.CompanyNames;
        var exact = new List<int>();
        var prefix = new List<int>();
        var contains = new List<int>();
        for (var j = 0; j < names.Length; j++)
        {
            var n = names[j];
            var at = n.IndexOf(text, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            if (n.Length == text.Length) exact.Add(j);
            else if (at == 0) prefix.Add(j);
            else contains.Add(j);
        }
        exact.AddRange(prefix);
        exact.AddRange(contains);
        return exact;
    }

    private SandboxResult SearchByCompanyName(SandboxCall c)
    {
        var name = c.BString("company_name", 1, 200, required: true)!;
        var (page, pageSize) = c.BPaging();
        var matches = MatchCompanies(name);
        var body = Page(matches, page, pageSize, j => ExhibitorItem(j));
        if (((IReadOnlyList<object>)body["items"]!).Count > 0 && !_ledger.TryCharge("search_exhibitors_by_company_name", name, CompanySearchCredits, c.TraceId))
            throw Insufficient(CompanySearchCredits, _ledger.TotalBalance);
        return SandboxResult.Ok(201, body);
    }

    /// <summary>Events (ordered by event index) having at least one exhibitor whose name matches.</summary>
    internal List<(int Event, List<int> Exhibitors)> MatchEventsByCompany(string name, int? starred)
    {
        var byEvent = new SortedDictionary<int, List<int>>();
        foreach (var j in MatchCompanies(name))
        {
            var ev = SandboxWorld.EventOfExhibitor(j);
            if (starred != null && _world.Event(ev).SponsorMatchStarred != starred) continue;
            if (!byEvent.TryGetValue(ev, out var list)) byEvent[ev] = list = new List<int>();
            list.Add(j);
        }
        return byEvent.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private SandboxResult SearchEvents(SandboxCall c)
    {
        var name = c.BString("company_name", 1, 200, required: true)!;
        var starred = c.BIntEnum("sponsor_match_starred", SponsorMatchStarredEnum);
        var (page, pageSize) = c.BPaging();
        var matches = MatchEventsByCompany(name, starred);
        var items = matches.Skip((page - 1) * pageSize).Take(pageSize).Select(m =>
        {
            var d = EventItem(_world.Event(m.Event));
            d["matchedExhibitors"] = m.Exhibitors.Select(j => new { id = SandboxWorld.ExhibitorId(j), companyName = _world.CompanyName(j) }).ToArray();
            return (object)d;
        }).ToList();
        if (items.Count > 0 && !_ledger.TryCharge("search_exhibitor_events", name, CompanySearchCredits, c.TraceId))
            throw Insufficient(CompanySearchCredits, _ledger.TotalBalance);
        return SandboxResult.Ok(201, Page(items, matches.Count, page, pageSize));
    }
}
