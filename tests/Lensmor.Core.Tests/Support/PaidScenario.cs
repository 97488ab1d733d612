using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
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

    /// <summary>Searches are not idempotent: each deliberate call is charged.</summary>
    public bool IsSearch => Name.StartsWith("Search", StringComparison.Ordinal);

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
    };

    public static string FindableCompany(SandboxServer server) => server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(0));
}
