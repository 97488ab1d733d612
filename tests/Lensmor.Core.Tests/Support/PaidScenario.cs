using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests.Support;

/// <summary>One paid operation as the fault matrix and the soak test drive it.</summary>
public sealed class PaidScenario
{
    public PaidScenario(string name, string routePattern, string chargeAction, Func<SandboxServer, string> target, Func<LensmorSession, ILensmorHost, SandboxServer, Task> run, Action<SandboxServer>? setup = null)
    {
        Name = name;
        RoutePattern = routePattern;
        ChargeAction = chargeAction;
        Target = target;
        Run = run;
        Setup = setup ?? (_ => { });
    }

    public string Name { get; }

    /// <summary>Searches and outreach are charged on every call: a deliberate repeat is charged again.</summary>
    public bool IsChargedPerCall => Name.StartsWith("Search", StringComparison.Ordinal) || Name == "RequestOutreach";

    /// <summary>How many units (events, companies, people) one run charges.</summary>
    public int Units { get; init; } = 1;

    /// <summary>Charges per unit of this intent: every value must stay at most one for an idempotent action.</summary>
    public IReadOnlyList<int> ChargesPerUnit(SandboxServer server)
    {
        var target = Target(server);
        return server.Ledger.Charges
            .Where(c => c.Action == ChargeAction && (c.Target == target || c.Target.StartsWith(target + ":", StringComparison.Ordinal)))
            .GroupBy(c => c.Target).Select(g => g.Count()).ToList();
    }

    /// <summary>The regex of the paid route, for fault injection.</summary>
    public string RoutePattern { get; }

    /// <summary>The sandbox ledger's action name for this operation's charges.</summary>
    public string ChargeAction { get; }

    public Func<SandboxServer, string> Target { get; }
    public Func<LensmorSession, ILensmorHost, SandboxServer, Task> Run { get; }
    public Action<SandboxServer> Setup { get; }

    /// <summary>Charges the ledger holds for this operation's intent (its action on its target).</summary>
    public int IntentCharges(SandboxServer server)
    {
        var target = Target(server);
        return server.Ledger.Charges.Count(c => c.Action == ChargeAction && (c.Target == target || c.Target.StartsWith(target + ":", StringComparison.Ordinal)));
    }

    public override string ToString() => Name;

    public static readonly IReadOnlyList<PaidScenario> All = new List<PaidScenario>
    {
        new("UnlockEvent", "^/external/events/139001/unlock$", "unlock_event", _ => "139001",
            (s, h, _) => new EventUnlockOperation(s).UnlockAsync("139001", h)),
        new("UnlockEventVisitors", "^/external/events/139001/visitors/unlock$", "unlock_event_visitors", _ => "139001",
            (s, h, _) => new EventUnlockOperation(s, EventUnlockScope.Visitors).UnlockAsync("139001", h),
            server => server.World.MarkEventUnlocked("139001")),
        new("UnlockEventFullAccess", "^/external/events/139001/full-access/unlock$", "unlock_event_full_access", _ => "139001",
            (s, h, _) => new EventUnlockOperation(s, EventUnlockScope.Full).UnlockAsync("139001", h)),
        new("SearchExhibitorEvents", "^/external/exhibitors/search-events$", "search_exhibitor_events", FindableCompany,
            (s, h, server) => ExhibitorEventSearchOperation.RunAsync(s, h, FindableCompany(server))),
        new("SearchExhibitor", "^/external/exhibitors/search-by-company-name$", "search_exhibitors_by_company_name", FindableCompany,
            (s, h, server) => ExhibitorCompanySearchOperation.RunAsync(s, h, FindableCompany(server))),
        new("UnlockContactEmails", "^/external/contacts/unlock$", "unlock_contact_emails", _ => "139001",
            (s, h, server) => Contacts(s, server, ContactChannel.Email, server.World.HasEmail).RunAsync(h), MarkUnlocked) { Units = 3 },
        new("UnlockContactPhones", "^/external/contacts/unlock-phone$", "unlock_contact_phones", _ => "139001",
            (s, h, server) => Contacts(s, server, ContactChannel.Phone, server.World.HasPhone).RunAsync(h), MarkUnlocked) { Units = 3 },
        new("UnlockLinkedInActivity", "^/external/personnel/unlock-linkedin-activity$", "unlock_linkedin_activity", _ => "139001",
            (s, h, server) =>
            {
                var run = new LinkedInActivityUnlockOperation(s);
                foreach (var id in People(server, _ => true))
                {
                    run.Add(id, "139001");
                }

                return run.RunAsync(h);
            }, MarkUnlocked) { Units = 3 },
        new("RequestOutreach", "^/external/personnel/generate-outreach-message$", "generate_outreach", _ => "139001",
            (s, h, server) =>
            {
                var run = new OutreachMessageOperation(s, new[] { "email" }, null);
                foreach (var id in People(server, _ => true))
                {
                    run.Add(id, "139001");
                }

                return run.RunAsync(h);
            }, MarkUnlocked) { Units = 3 },
    };

    private static void MarkUnlocked(SandboxServer server) => server.World.MarkEventUnlocked("139001");

    /// <summary>Three people of the event that have what the channel unlocks (so a repeat has nothing left to charge).</summary>
    public static IReadOnlyList<string> People(SandboxServer server, Func<string, bool> has) =>
        server.World.PersonnelIdsOfEvent("139001", 400).Where(has).Take(3).ToList();

    private static ContactUnlockOperation Contacts(LensmorSession session, SandboxServer server, ContactChannel channel, Func<string, bool> has)
    {
        var run = new ContactUnlockOperation(session, channel) { Backoff = new[] { TimeSpan.FromMilliseconds(20) } };
        foreach (var id in People(server, has))
        {
            run.Add(id, "139001");
        }

        return run;
    }

    public static string FindableCompany(SandboxServer server) => server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(0));
}
