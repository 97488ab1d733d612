using System.Globalization;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// The seven paid cmdlets as a saved plan names them: the parameters each records (-PlanPath), and the run
/// each becomes again (Invoke-LensmorPlan). Both directions live here, so what is written is what is read.
/// </summary>
public static class PlannedRuns
{
    /// <summary>Unlock-LensmorEvent's parameters.</summary>
    public static List<KeyValuePair<string, string>> EventUnlock(EventUnlockScope scope) => List(("Scope", scope.ToString()));

    /// <summary>Search-LensmorExhibitor's and Search-LensmorExhibitorEvents' parameters.</summary>
    public static List<KeyValuePair<string, string>> CompanySearch(int page, int pageSize, bool retryUnsettled) =>
        List(("Page", Number(page)), ("PageSize", Number(pageSize)), ("RetryUnsettled", Flag(retryUnsettled)));

    /// <summary>Unlock-LensmorContactEmail's and Unlock-LensmorContactPhone's parameters.</summary>
    public static List<KeyValuePair<string, string>> ContactUnlock(bool retryFailed, bool noWait, int? timeoutSec)
    {
        var list = List(("RetryFailed", Flag(retryFailed)), ("NoWait", Flag(noWait)));
        if (timeoutSec is { } seconds)
        {
            list.Add(new("TimeoutSec", Number(seconds)));
        }

        return list;
    }

    /// <summary>Unlock-LensmorLinkedInActivity has no parameters beyond its people.</summary>
    public static List<KeyValuePair<string, string>> LinkedInActivity() => List();

    /// <summary>Request-LensmorOutreachMessage's parameters.</summary>
    public static List<KeyValuePair<string, string>> Outreach(IEnumerable<string> channels, string? purpose, bool retryUnsettled)
    {
        var list = List(("Channel", string.Join(",", channels)), ("RetryUnsettled", Flag(retryUnsettled)));
        if (!string.IsNullOrEmpty(purpose))
        {
            list.Add(new("Purpose", purpose!));
        }

        return list;
    }

    /// <summary>
    /// Invoke-LensmorPlan: reads the plan and refuses an edited, expired or other account's one before any
    /// request; then the plan's run gathers exactly its targets, plans them again (a target that costs more
    /// refuses the whole plan), and checks, asks and spends as the cmdlet would, journalled under the plan's id.
    /// </summary>
    /// <param name="maxCredits">-MaxCredits; null for the plan's total (<see cref="SavedPlan.DefaultMaxCredits"/>).</param>
    public static async Task ApplyAsync(LensmorSession session, string path, decimal? maxCredits, ILensmorHost host, Func<DateTimeOffset>? clock = null)
    {
        var saved = SavedPlan.Load(path);
        saved.EnsureApplicable((clock ?? (() => DateTimeOffset.UtcNow))(), session.Account);
        if (saved.ModuleVersion != LensmorSession.ModuleVersion)
        {
            host.WriteVerbose($"The plan was made with LensmorPS {saved.ModuleVersion}; this is {LensmorSession.ModuleVersion}.");
        }

        var (paid, add, run) = Start(session, saved, maxCredits ?? saved.DefaultMaxCredits);
        try
        {
            saved.Targets.SelectMany(t => t.GatheredIds).ToList().ForEach(add);
        }
        catch (LensmorException e) when (e.ErrorId == ErrorIds.InvalidArgument)
        {
            throw new LensmorException(ErrorIds.PlanUnreadable, LensmorErrorCategory.InvalidData,
                $"The plan {path} holds a target the cmdlet refuses: {e.Message}", "Make the plan again with the cmdlet's -PlanPath.", isTerminating: true, path, inner: e);
        }

        paid.Apply(saved);
        await run(host).ConfigureAwait(false);
    }

    private static (IPaidRun Paid, Action<string> Add, Func<ILensmorHost, Task> Run) Start(LensmorSession session, SavedPlan plan, decimal? maxCredits)
    {
        switch (plan.Cmdlet)
        {
            case "Unlock-LensmorEvent":
                var events = new EventUnlockOperation(session, Enum<EventUnlockScope>(plan, "Scope", EventUnlockScope.Contacts), maxCredits);
                return (events.Paid, events.Add, events.RunAsync);
            case "Search-LensmorExhibitor":
            case "Search-LensmorExhibitorEvents":
                var page = Int(plan, "Page") ?? 1;
                var pageSize = Int(plan, "PageSize") ?? 20;
                var retry = Bool(plan, "RetryUnsettled");
                var search = plan.Cmdlet == "Search-LensmorExhibitor"
                    ? ExhibitorCompanySearchOperation.Start(session, page, pageSize, maxCredits, retry)
                    : ExhibitorEventSearchOperation.Start(session, page, pageSize, maxCredits, retry);
                return (search.Paid, search.Add, search.RunAsync);
            case "Unlock-LensmorContactEmail":
            case "Unlock-LensmorContactPhone":
                var channel = plan.Cmdlet.EndsWith("Phone", StringComparison.Ordinal) ? ContactChannel.Phone : ContactChannel.Email;
                var contacts = new ContactUnlockOperation(session, channel, maxCredits)
                {
                    RetryFailed = Bool(plan, "RetryFailed"),
                    NoWait = Bool(plan, "NoWait"),
                    TimeoutSec = Int(plan, "TimeoutSec"),
                };
                return (contacts.Paid, Pair(contacts.Add), contacts.RunAsync);
            case "Unlock-LensmorLinkedInActivity":
                var linkedIn = new LinkedInActivityUnlockOperation(session, maxCredits);
                return (linkedIn.Paid, Pair(linkedIn.Add), linkedIn.RunAsync);
            case "Request-LensmorOutreachMessage":
                var outreach = new OutreachMessageOperation(session, (plan.Parameter("Channel") ?? "email").Split(','), plan.Parameter("Purpose"), maxCredits)
                {
                    RetryUnsettled = Bool(plan, "RetryUnsettled"),
                };
                return (outreach.Paid, Pair(outreach.Add), outreach.RunAsync);
            default:
                throw new LensmorException(ErrorIds.PlanUnreadable, LensmorErrorCategory.InvalidData,
                    $"The plan {plan.Path} is for '{plan.Cmdlet}', which is not a paid Lensmor cmdlet. Nothing was sent and nothing was charged.",
                    "Pass a plan written by a paid cmdlet's -PlanPath.", isTerminating: true, plan.Path);
        }
    }

    /// <summary>A person's gathered id ("event/person") back into the operation's (person, event) input.</summary>
    private static Action<string> Pair(Action<string?, string?> add) => key =>
    {
        var slash = key.IndexOf('/');
        if (slash <= 0)
        {
            throw LensmorException.InvalidArgument($"'{key}' is not an event/person pair.", key, "Make the plan again.");
        }

        var (eventId, personnelId) = PersonBatches.Parse(key);
        add(personnelId, eventId);
    };

    private static List<KeyValuePair<string, string>> List(params (string Name, string Value)[] values) =>
        values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).ToList();

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    private static bool Bool(SavedPlan plan, string name) => string.Equals(plan.Parameter(name), "true", StringComparison.OrdinalIgnoreCase);

    private static int? Int(SavedPlan plan, string name) =>
        plan.Parameter(name) is { } text ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed(plan, name, text) : null;

    private static T Enum<T>(SavedPlan plan, string name, T fallback)
        where T : struct =>
        plan.Parameter(name) is { } text ? System.Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : throw Malformed(plan, name, text) : fallback;

    private static LensmorException Malformed(SavedPlan plan, string name, string text) =>
        new(ErrorIds.PlanUnreadable, LensmorErrorCategory.InvalidData, $"The plan {plan.Path} gives {name} '{text}', which {plan.Cmdlet} does not take. Nothing was sent and nothing was charged.",
            "Make the plan again with the cmdlet's -PlanPath.", isTerminating: true, plan.Path);
}
