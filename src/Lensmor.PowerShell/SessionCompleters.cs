using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Lensmor.PowerShell;

/// <summary>
/// What this PowerShell session has already received from Lensmor, for tab completion: event ids with their
/// names, and the countries, cities, departments and levels seen in events and people. Completers read only this
/// memory and fixed lists, so pressing Tab never sends a request and never spends a credit.
/// </summary>
internal static class SeenValues
{
    private const int MaxEvents = 2000;
    private const int MaxValues = 500;
    private static readonly object Gate = new();
    private static readonly Dictionary<string, string> EventNames = new(StringComparer.Ordinal);
    private static readonly Queue<string> EventOrder = new();
    private static readonly Dictionary<string, HashSet<string>> Values = new(StringComparer.Ordinal);

    /// <summary>Called for every object a Lensmor cmdlet writes; ignores what it does not know.</summary>
    public static void Remember(object item)
    {
        switch (item)
        {
            case EventFields e: Event(e.EventId, e.Name); Value("Country", e.Country); Value("City", e.City); break; // events, briefs, recommendations
            case ExhibitorEventMatch m: Event(m.EventId, m.Name); Value("Country", m.Country); Value("City", m.City); break;
            case EventFitScore f: Event(f.EventId, f.Name); break;
            case EventRank k: Event(k.EventId, k.Name); break;
            case EventUnlockReceipt u: Event(u.EventId, u.EventName); break;
            case Exhibitor x: Value("Country", x.Country); break;
            case Personnel p: Value("Department", p.Department); Value("Level", p.Level); break;
        }
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Events()
    {
        lock (Gate) return EventOrder.Reverse().Select(id => new KeyValuePair<string, string>(id, EventNames[id])).ToList();
    }

    public static IReadOnlyList<string> Of(string kind)
    {
        lock (Gate) return Values.TryGetValue(kind, out var set) ? set.ToList() : new List<string>();
    }

    /// <summary>Forgets everything (Disconnect-Lensmor; tests).</summary>
    public static void Clear()
    {
        lock (Gate) { EventNames.Clear(); EventOrder.Clear(); Values.Clear(); }
    }

    private static void Event(string id, string? name)
    {
        if (string.IsNullOrEmpty(id)) return;
        lock (Gate)
        {
            if (!EventNames.ContainsKey(id))
            {
                EventOrder.Enqueue(id);
                if (EventOrder.Count > MaxEvents) EventNames.Remove(EventOrder.Dequeue());
            }

            EventNames[id] = string.IsNullOrWhiteSpace(name) ? id : name!;
        }
    }

    private static void Value(string kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        lock (Gate)
        {
            if (!Values.TryGetValue(kind, out var set)) Values[kind] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (set.Count < MaxValues) set.Add(value!.Trim());
        }
    }
}

/// <summary>Completes the ids of events this session has listed (newest first); the tooltip is the event's name. Typing part of a name works too.</summary>
public sealed class EventIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = ValuesCompleter.Unquote(wordToComplete);
        var events = SeenValues.Events();
        return events.Where(e => e.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Concat(word.Length > 0 ? events.Where(e => !e.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase) && e.Value.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0) : Enumerable.Empty<KeyValuePair<string, string>>())
            .Select(e => new CompletionResult(e.Key, $"{e.Key} {e.Value}", CompletionResultType.ParameterValue, e.Value));
    }
}

/// <summary>Values seen this session first, then a fixed list; still accepts anything else.</summary>
public abstract class SeenValuesCompleter : ValuesCompleter
{
    private readonly string kind;

    protected SeenValuesCompleter(string kind, params string[] common)
        : base(common)
    {
        this.kind = kind;
    }

    protected override IEnumerable<string> Candidates(string[] fixedValues) =>
        SeenValues.Of(kind).OrderBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Concat(fixedValues)
            .Distinct(StringComparer.OrdinalIgnoreCase);
}

public sealed class CountryCompleter : SeenValuesCompleter
{
    public CountryCompleter()
        : base("Country", "United States", "Germany", "United Kingdom", "France", "China", "Japan", "Canada", "Netherlands", "Spain",
            "Italy", "Singapore", "United Arab Emirates", "India", "Australia", "Brazil", "Mexico", "South Korea", "Switzerland", "Sweden", "Poland")
    {
    }
}

public sealed class CityCompleter : SeenValuesCompleter
{
    public CityCompleter()
        : base("City", "Las Vegas", "New York", "Chicago", "Orlando", "San Francisco", "Berlin", "Frankfurt", "Munich", "Cologne", "Hannover",
            "London", "Paris", "Barcelona", "Madrid", "Milan", "Amsterdam", "Singapore", "Tokyo", "Shanghai", "Dubai", "Toronto")
    {
    }
}

public sealed class DepartmentCompleter : SeenValuesCompleter
{
    public DepartmentCompleter()
        : base("Department", "Executive", "Sales", "Marketing", "Business Development", "Engineering", "Product", "Operations", "Finance",
            "Human Resources", "Information Technology", "Purchasing", "Legal")
    {
    }
}

public sealed class LevelCompleter : SeenValuesCompleter
{
    public LevelCompleter()
        : base("Level", "C-Level", "VP", "Director", "Manager", "Staff")
    {
    }
}

/// <summary>The cmdlets that can spend credits, which are the ones the spend log records; read from this module, so it never goes stale.</summary>
public sealed class PaidCmdletCompleter : IArgumentCompleter
{
    /// <summary>The paid cmdlets' names, sorted; Get-LensmorSpendLog -Cmdlet is checked against them.</summary>
    internal static readonly Lazy<string[]> Names = new(() => typeof(LensmorPaidCmdlet).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(LensmorPaidCmdlet).IsAssignableFrom(t))
        .Select(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault())
        .Where(a => a != null)
        .Select(a => a!.VerbName + "-" + a.NounName)
        .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
        .ToArray());

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = ValuesCompleter.Unquote(wordToComplete);
        return Names.Value.Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase) ||
                                      n.IndexOf("-Lensmor" + word, StringComparison.OrdinalIgnoreCase) >= 0)
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
