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

    internal static bool Contains(string? haystack, string needle) =>
        haystack != null && haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);

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
