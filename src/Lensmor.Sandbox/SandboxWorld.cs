using System.Globalization;

namespace Lensmor.Sandbox;

/// <summary>
/// The deterministic seeded world. Events are computed once (240 of them); exhibitors and personnel are
/// computed on demand from their index with a seeded hash, so nothing proportional to 100k people is stored
/// except the (small) per-person unlock state of people that were actually touched.
/// Layout: event i owns the contiguous exhibitor range [ExhibitorStart(i), ExhibitorStart(i+1));
/// exhibitor j owns personnel [5j, 5j+5).
/// </summary>
public sealed class SandboxWorld
{
    internal const int Events = 240;
    internal const int Exhibitors = 20_000;
    internal const int PerExhibitor = 5;
    internal const int Personnel = Exhibitors * PerExhibitor;
    internal const int EventIdBase = 139_001;
    internal const int ExhibitorIdBase = 500_001;
    internal const long PersonnelIdBase = 7_000_001;
    internal const int PreviewLimit = 50;

    private readonly int _seed;
    private readonly EventData[] _events;
    private readonly Lazy<string[]> _companyNames;

    /// <summary>Guards every piece of mutable state below; also held by request handlers.</summary>
    internal readonly object Gate = new();
    internal readonly HashSet<int> UnlockedEvents = new();
    internal readonly HashSet<int> VisitorUnlockedEvents = new();
    internal readonly Dictionary<int, ContactState> Contacts = new();

    internal SandboxWorld(int seed, DateOnly today)
    {
        _seed = seed;
        Today = today;
        _events = new EventData[Events];
        for (var i = 0; i < Events; i++) _events[i] = MakeEvent(i);
        _companyNames = new Lazy<string[]>(() =>
        {
            var names = new string[Exhibitors];
            for (var j = 0; j < Exhibitors; j++) names[j] = MakeCompanyName(j);
            return names;
        });
    }

    internal DateOnly Today { get; }

    // ---------------- public read access for tests ----------------
    public int EventCount => Events;
    public int ExhibitorCount => Exhibitors;
    public int PersonnelCount => Personnel;

    public string EventIdAt(int index) => (EventIdBase + CheckIndex(index, Events)).ToString(CultureInfo.InvariantCulture);
    public string ExhibitorIdAt(int index) => (ExhibitorIdBase + CheckIndex(index, Exhibitors)).ToString(CultureInfo.InvariantCulture);
    public string PersonnelIdAt(int index) => (PersonnelIdBase + CheckIndex(index, Personnel)).ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<string> ExhibitorIdsOfEvent(string eventId)
    {
        var e = RequireEvent(eventId);
        var list = new List<string>();
        for (var j = ExhibitorStart(e); j < ExhibitorStart(e + 1); j++) list.Add(ExhibitorIdAt(j));
        return list;
    }

    public IReadOnlyList<string> PersonnelIdsOfEvent(string eventId, int max)
    {
        var e = RequireEvent(eventId);
        var list = new List<string>();
        for (var k = ExhibitorStart(e) * PerExhibitor; k < ExhibitorStart(e + 1) * PerExhibitor && list.Count < max; k++) list.Add(PersonnelIdAt(k));
        return list;
    }

    public string CompanyNameOfExhibitor(string exhibitorId) =>
        CompanyName(TryExhibitorIndex(exhibitorId) ?? throw new ArgumentException($"Unknown exhibitor '{exhibitorId}'.", nameof(exhibitorId)));

    public bool IsEventUnlocked(string eventId) { var e = RequireEvent(eventId); lock (Gate) { return UnlockedEvents.Contains(e); } }
    public bool IsVisitorLayerUnlocked(string eventId) { var e = RequireEvent(eventId); lock (Gate) { return VisitorUnlockedEvents.Contains(e); } }

    /// <summary>Test set-up shortcut: grants base event access without a charge.</summary>
    public void MarkEventUnlocked(string eventId) { var e = RequireEvent(eventId); lock (Gate) { UnlockedEvents.Add(e); } }

    public bool HasEmail(string personnelId) => HasEmail(TryPersonnelIndex(personnelId) ?? throw new ArgumentException($"Unknown personnel '{personnelId}'.", nameof(personnelId)));
    public bool HasPhone(string personnelId) => HasPhone(TryPersonnelIndex(personnelId) ?? throw new ArgumentException($"Unknown personnel '{personnelId}'.", nameof(personnelId)));

    private int RequireEvent(string eventId) => TryEventIndex(eventId) ?? throw new ArgumentException($"Unknown event '{eventId}'.", nameof(eventId));

    private static int CheckIndex(int index, int count) =>
        index >= 0 && index < count ? index : throw new ArgumentOutOfRangeException(nameof(index));

    // ---------------- index arithmetic ----------------
    internal static int ExhibitorStart(int eventIndex) => (int)((long)eventIndex * Exhibitors / Events);
    internal static int ExhibitorEnd(int eventIndex) => ExhibitorStart(eventIndex + 1);

    internal static int EventOfExhibitor(int j)
    {
        var i = (int)((long)j * Events / Exhibitors);
        while (i + 1 < Events && ExhibitorStart(i + 1) <= j) i++;
        while (i > 0 && ExhibitorStart(i) > j) i--;
        return i;
    }

    internal static int ExhibitorOfPerson(int k) => k / PerExhibitor;
    internal static int EventOfPerson(int k) => EventOfExhibitor(k / PerExhibitor);

    internal static int? TryEventIndex(string? id) => TryIndex(id, EventIdBase, Events);
    internal static int? TryExhibitorIndex(string? id) => TryIndex(id, ExhibitorIdBase, Exhibitors);
    internal static int? TryPersonnelIndex(string? id) => TryIndex(id, PersonnelIdBase, Personnel);

    private static int? TryIndex(string? id, long baseId, int count)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 18) return null;
        foreach (var c in id) if (c < '0' || c > '9') return null;
        if (id.Length > 1 && id[0] == '0') return null;
        var v = long.Parse(id, CultureInfo.InvariantCulture) - baseId;
        return v >= 0 && v < count ? (int)v : null;
    }

    internal static string EventId(int i) => (EventIdBase + i).ToString(CultureInfo.InvariantCulture);
    internal static string ExhibitorId(int j) => (ExhibitorIdBase + j).ToString(CultureInfo.InvariantCulture);
    internal static string PersonnelId(int k) => (PersonnelIdBase + k).ToString(CultureInfo.InvariantCulture);

    // ---------------- hashing ----------------
    internal ulong Hash(int kind, long index)
    {
        unchecked
        {
            var z = ((ulong)(uint)_seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)kind << 48) ^ (ulong)index;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    internal static ulong HashText(string text)
    {
        unchecked
        {
            var h = 1469598103934665603UL;
            foreach (var c in text.ToLowerInvariant()) { h ^= c; h *= 1099511628211UL; }
            return h;
        }
    }

    private static T Pick<T>(T[] list, ulong h) => list[(int)(h % (ulong)list.Length)];

    // ---------------- word lists ----------------
    private static readonly string[] Industries = ["Retail", "Fintech", "HealthTech", "Logistics", "Energy", "Food & Beverage", "Automotive", "Cybersecurity", "Cloud", "Packaging", "Beauty", "Pet", "Toy", "Furniture", "Construction", "Marine", "Aerospace", "Agritech", "EdTech", "Travel"];
    private static readonly string[] EventKinds = ["Expo", "Summit", "World", "Show", "Congress", "Forum", "Week", "Fair"];
    private static readonly (string City, string Region, string Country, string Venue, string Lat, string Lon)[] Places =
    [
        ("Las Vegas", "Nevada", "United States", "Las Vegas Convention Center", "36.1316", "-115.1517"),
        ("New York", "NY", "United States", "Javits Center", "40.7577", "-74.0027"),
        ("Chicago", "Illinois", "United States", "McCormick Place", "41.8514", "-87.6167"),
        ("Orlando", "Florida", "United States", "Orange County Convention Center", "28.4246", "-81.4695"),
        ("Berlin", "Berlin", "Germany", "Messe Berlin", "52.5053", "13.2702"),
        ("Frankfurt", "Hesse", "Germany", "Messe Frankfurt", "50.1115", "8.6484"),
        ("London", "England", "United Kingdom", "ExCeL London", "51.5081", "0.0295"),
        ("Paris", "Ile-de-France", "France", "Paris Expo Porte de Versailles", "48.8320", "2.2875"),
        ("Barcelona", "Catalonia", "Spain", "Fira Gran Via", "41.3543", "2.1270"),
        ("Amsterdam", "North Holland", "Netherlands", "RAI Amsterdam", "52.3406", "4.8889"),
        ("Singapore", "Singapore", "Singapore", "Marina Bay Sands Expo", "1.2834", "103.8607"),
        ("Tokyo", "Tokyo", "Japan", "Tokyo Big Sight", "35.6298", "139.7943"),
        ("Dubai", "Dubai", "United Arab Emirates", "Dubai World Trade Centre", "25.2285", "55.2867"),
        ("Toronto", "Ontario", "Canada", "Enercare Centre", "43.6335", "-79.4180"),
    ];
    internal static readonly string[] EventTypes = ["In-person", "conference_led", "expo_led", "hybrid"];
    private static readonly string[] Brands = ["Nova", "Blue", "Apex", "Summit", "Vertex", "Orbit", "Quantum", "Silver", "Pioneer", "Bright", "Vector", "Harbor", "Cedar", "Falcon", "Granite", "Horizon", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Nimbus", "Onyx", "Polar", "Quartz", "Redwood", "Sierra", "Titan", "Umbra", "Violet", "Willow", "Zenith", "Atlas", "Beacon", "Cobalt", "Delta", "Ember", "Fusion", "Glacier", "Helix", "Indigo", "Jade", "Keystone", "Lotus", "Meridian", "Northwind", "Oakridge", "Prism", "Radiant", "Solstice"];
    private static readonly string[] BrandNouns = ["Systems", "Labs", "Retail", "Logistics", "Foods", "Robotics", "Analytics", "Networks", "Devices", "Solutions", "Packaging", "Health", "Energy", "Dynamics", "Software"];
    private static readonly string[] CompanySuffixes = ["Inc", "Ltd", "GmbH", "LLC", "Group", "Co"];
    private static readonly string[] ExhibitorIndustries = ["Retail Technology", "Software", "Logistics", "Consumer Electronics", "Healthcare", "Financial Services", "Manufacturing", "Food Production", "Marketing Services", "Telecommunications"];
    private static readonly string[] Categories = ["Artificial Intelligence", "Payments", "Supply Chain", "E-commerce", "IoT", "Robotics", "Sustainability", "Analytics", "Security", "Marketing"];
    private static readonly string[] Countries = ["United States", "Germany", "United Kingdom", "France", "China", "Japan", "Canada", "Netherlands", "Spain", "Singapore"];
    private static readonly string[] Funding = ["Seed", "Series A", "Series B", "Series C", "Public", "Private Equity", "Bootstrapped"];
    private static readonly string[] FirstNames = ["Jane", "John", "Maria", "Wei", "Aisha", "Lucas", "Sofia", "Noah", "Emma", "Liam", "Olivia", "Mateo", "Hana", "Arjun", "Chloe", "Ethan", "Fatima", "Jonas", "Yuki", "Diego", "Elena", "Omar", "Priya", "Tom", "Nina"];
    private static readonly string[] LastNames = ["Smith", "Johnson", "Garcia", "Chen", "Khan", "Muller", "Rossi", "Kim", "Martin", "Silva", "Nguyen", "Brown", "Tanaka", "Patel", "Dubois", "Lopez", "Novak", "Wilson", "Schmidt", "Costa"];
    internal static readonly (string Title, string Department, string Level)[] Roles =
    [
        ("VP Sales", "Sales", "VP"),
        ("Marketing Manager", "Marketing", "Manager"),
        ("Chief Executive Officer", "Executive", "C-Level"),
        ("Head of Partnerships", "Business Development", "Director"),
        ("Sales Director", "Sales", "Director"),
        ("Product Manager", "Product", "Manager"),
        ("Chief Technology Officer", "Engineering", "C-Level"),
        ("Account Executive", "Sales", "Staff"),
        ("Event Marketing Specialist", "Marketing", "Staff"),
        ("VP Marketing", "Marketing", "VP"),
        ("Procurement Manager", "Operations", "Manager"),
        ("Software Engineer", "Engineering", "Staff"),
    ];

    // ---------------- events ----------------
    internal sealed record EventData(int Index, string Id, string Name, string Description, string Url, string DateStart, string DateEnd,
        string Venue, string City, string Region, string Country, string Lat, string Lon, int ExhibitorCount, bool HasVisitors, int SponsorMatchStarred,
        int AttendeeCount, string PriceLower, string PriceUpper, string EventType, string Category, string[] Topics, int Verified, string Industry);

    internal EventData Event(int i) => _events[i];
    internal IReadOnlyList<EventData> AllEvents => _events;

    private EventData MakeEvent(int i)
    {
        var h = Hash(1, i);
        var industry = Industries[i % Industries.Length];
        var kind = EventKinds[(int)((h >> 8) % (ulong)EventKinds.Length)];
        var place = Places[(int)((h >> 16) % (ulong)Places.Length)];
        var start = Today.AddDays(2 + i * 360 / Events);
        var end = start.AddDays(1 + (int)((h >> 24) % 4));
        var name = i == 0 ? "CES 2027" : $"{industry} {kind} {start.Year}";
        if (i == 0) place = Places[0];
        var exCount = ExhibitorEnd(i) - ExhibitorStart(i);
        var hasVisitors = i == 0 || (h >> 32) % 10 < 6;
        var starred = (h >> 36) % 5 == 0 ? 1 : 0;
        var attendees = 2_000 + (int)((h >> 40) % 60_000);
        var price = 100 + (int)((h >> 44) % 900);
        var slug = name.ToLowerInvariant().Replace("& ", "").Replace(' ', '-');
        return new EventData(i, EventId(i), name,
            $"{name} brings together {industry.ToLowerInvariant()} buyers and suppliers in {place.City}.",
            $"https://events.example.com/{slug}", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            place.Venue, place.City, place.Region, place.Country, place.Lat, place.Lon, exCount, hasVisitors, starred,
            attendees, price.ToString(CultureInfo.InvariantCulture) + ".00", (price * 3).ToString(CultureInfo.InvariantCulture) + ".00",
            EventTypes[(int)((h >> 48) % (ulong)EventTypes.Length)], Categories[(int)((h >> 52) % (ulong)Categories.Length)],
            [industry, Categories[(int)((h >> 56) % (ulong)Categories.Length)]], (h >> 60) % 3 == 0 ? 0 : 1, industry);
    }

    // ---------------- exhibitors ----------------
    internal string CompanyName(int j) => _companyNames.Value[j];
    internal string[] CompanyNames => _companyNames.Value;

    private string MakeCompanyName(int j)
    {
        var h = Hash(2, j);
        var brand = h % 500 == 7 ? "Acme" : Pick(Brands, h >> 10);
        return $"{brand} {Pick(BrandNouns, h >> 20)} {Pick(CompanySuffixes, h >> 30)}";
    }

    internal sealed record ExhibitorData(int Index, string Id, string CompanyName, string Domain, string Description, string Website, string Industry,
        int EmployeeCount, string Country, string Logo, string LinkedinUrl, string FundingRound, string Category, int EventIndex);

    internal ExhibitorData Exhibitor(int j)
    {
        var h = Hash(3, j);
        var name = CompanyName(j);
        var slug = new string(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var domain = slug + ".example.com";
        var industry = Pick(ExhibitorIndustries, h);
        return new ExhibitorData(j, ExhibitorId(j), name, domain, $"{name} provides {industry.ToLowerInvariant()} products.", "https://www." + domain,
            industry, 10 + (int)((h >> 8) % 5000), Pick(Countries, h >> 20), $"https://logos.example.com/{slug}.png",
            $"https://www.linkedin.com/company/{slug}", Pick(Funding, h >> 28), Pick(Categories, h >> 36), EventOfExhibitor(j));
    }

    // ---------------- personnel ----------------
    internal sealed record PersonData(int Index, string Id, string FirstName, string LastName, string FullName, string Title, string Department,
        string Level, string CompanyName, string LinkedinUrl, string Email, string Phone, bool Social, int ExhibitorIndex, int EventIndex);

    internal PersonData Person(int k)
    {
        var h = Hash(4, k);
        var first = Pick(FirstNames, h);
        var last = Pick(LastNames, h >> 8);
        var role = Roles[(int)((h >> 16) % (ulong)Roles.Length)];
        var j = ExhibitorOfPerson(k);
        var company = CompanyName(j);
        var domain = new string(company.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray()) + ".example.com";
        var id = PersonnelId(k);
        var phone = $"+1-555-{(h >> 24) % 900 + 100:000}-{(h >> 34) % 10000:0000}";
        return new PersonData(k, id, first, last, first + " " + last, role.Title, role.Department, role.Level, company,
            $"https://www.linkedin.com/in/{first.ToLowerInvariant()}-{last.ToLowerInvariant()}-{id}",
            $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@{domain}", phone, (h >> 48) % 4 == 0, j, EventOfExhibitor(j));
    }

    /// <summary>About 85% of people have an email (deterministic by id and seed).</summary>
    internal bool HasEmail(int k) => Hash(5, k) % 100 >= 15;
    /// <summary>About 60% of people have a phone (deterministic by id and seed).</summary>
    internal bool HasPhone(int k) => Hash(6, k) % 100 >= 40;

    /// <summary>Resolves a LinkedIn profile URL produced by this world (ends with -{personnelId}).</summary>
    internal static int? PersonFromLinkedin(string url)
    {
        var u = url.Trim().TrimEnd('/');
        var q = u.IndexOfAny(['?', '#']);
        if (q >= 0) u = u[..q].TrimEnd('/');
        var dash = u.LastIndexOf('-');
        return dash < 0 ? null : TryPersonnelIndex(u[(dash + 1)..]);
    }
}

/// <summary>Mutable per-person state (only for people that were touched).</summary>
internal sealed class ContactState
{
    public string EmailStatus = "locked";   // locked, unlocking, unlocked, failed
    public string? PhoneStatus;              // null, processing, ready, failed
    public DateTimeOffset? LinkedinUnlockedAt;
    public OutreachState? Outreach;
}

internal sealed class OutreachState
{
    public required string EventId;
    public required string[] Channels;
    public string? Purpose;
    public DateTimeOffset CreatedAt;
    public string TaskId = "";
}
