using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;
using Xunit.Abstractions;

namespace Lensmor.Core.Tests;

/// <summary>
/// Four clients, each with its own journal instance on one shared file (as four PowerShell processes),
/// make 200 mixed paid operations while a fifth of them meet an injected fault.
/// </summary>
[Trait("Category", "Soak")]
public class SoakTests
{
    private const int Clients = 4;
    private const int OperationsPerClient = 50;
    private readonly ITestOutputHelper output;

    public SoakTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Two_hundred_paid_operations_with_faults_make_no_duplicate_charge()
    {
        await using var server = await TestSandbox.StartAsync(o => o.SubscriptionBalance = 10_000_000);
        using var temp = new TempJournal();
        var events = Enumerable.Range(0, 120).Select(server.World.EventIdAt).ToArray();
        var companies = Enumerable.Range(0, 40).Select(i => server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(i * 97))).ToArray();
        var faultKinds = new[]
        {
            new SandboxFault("POST", "", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 1 },
            new SandboxFault("POST", "", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 500 },
            new SandboxFault("POST", "", SandboxFaultKind.DropAfterExecute),
            new SandboxFault("POST", "", SandboxFaultKind.DelayAfterExecute) { DelayMs = 1200 },
            new SandboxFault("POST", "", SandboxFaultKind.MalformedBodyAfterExecute),
        };
        var faultsInjected = 0;
        var errors = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var operations = 0;

        async Task Client(int client)
        {
            var random = new Random(1000 + client);
            using var session = new Session.LensmorSession(Http.ApiKey.Parse(server.ApiKey, Http.ApiKeySource.Parameter), new Session.LensmorConnectionOptions
            {
                BaseUri = server.BaseUri.ToString(),
                RequestTimeout = TimeSpan.FromMilliseconds(800),
                Retry = new Http.RetrySettings { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
                Journal = new IntentJournal(temp.Path),
            });

            for (var i = 0; i < OperationsPerClient; i++)
            {
                var n = client * OperationsPerClient + i;
                var search = random.Next(4) == 0;
                var eventId = events[random.Next(events.Length)];
                var company = companies[random.Next(companies.Length)];
                var route = search ? "^/external/exhibitors/search-events$" : $"^/external/events/{eventId}/unlock$";
                if (n % 5 == 0)
                {
                    server.Faults.Add(faultKinds[(n / 5) % faultKinds.Length] with { PathPattern = route });
                    Interlocked.Increment(ref faultsInjected);
                }

                try
                {
                    if (search)
                    {
                        await ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company);
                    }
                    else
                    {
                        await new EventUnlockOperation(session).UnlockAsync(eventId, RecordingHost.Yes());
                    }
                }
                catch (LensmorException e)
                {
                    errors.AddOrUpdate(e.ErrorId, 1, (_, c) => c + 1);
                }

                Interlocked.Increment(ref operations);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => Client(c))));
        await Task.Delay(1500);

        var charges = server.Ledger.Charges;
        var log = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).ToList();
        var unlockCharges = charges.Where(c => c.Action == "unlock_event").GroupBy(c => c.Target).ToList();
        var searchCharges = charges.Count(c => c.Action == "search_exhibitor_events");
        var sentAttempts = temp.Journal.ReadActive(null).Where(r => r.State == JournalRecord.Sent).Select(r => r.Id).Distinct().Count();
        var paidExecuted = server.Requests.Paid.Count(r => r.StatusCode != 429);
        output.WriteLine($"operations {operations}, faults injected {faultsInjected} (left unconsumed {server.Faults.Pending}), charges {charges.Count} " +
            $"({unlockCharges.Count} event unlocks, {searchCharges} searches), paid requests {server.Requests.Paid.Count} ({paidExecuted} not rate limited), " +
            $"journalled sends {sentAttempts}, errors {string.Join(", ", errors.Select(e => e.Key + "=" + e.Value))}, " +
            $"spend log {string.Join(", ", log.GroupBy(r => r.Outcome).Select(g => g.Key + "=" + g.Count()))}");

        Assert.Equal(Clients * OperationsPerClient, operations);
        Assert.Equal(40, faultsInjected);
        Assert.All(unlockCharges, g => Assert.Single(g));
        Assert.True(paidExecuted <= sentAttempts, $"{paidExecuted} paid requests executed for {sentAttempts} journalled sends: something was sent twice");
        Assert.True(searchCharges <= log.Count(r => r.Action == "SearchExhibitorEvents" && r.Outcome is "Charged" or "Unknown"),
            "every search charge must belong to a logged search that was charged or whose outcome is unknown");
        decimal LedgerUnlockCredits() => server.Ledger.Charges.Where(c => c.Action == "unlock_event").Sum(c => c.Credits);
        decimal Logged(IEnumerable<SpendRecord> rows, string outcome) =>
            rows.Where(r => r.Action == "UnlockEvent" && r.Outcome == outcome).Sum(r => r.ChargedCredits ?? r.ExpectedCredits);

        // Reconciliation holds at any moment: the log never claims a charge that did not happen, and every
        // real charge is either logged as charged or flagged as unknown.
        Assert.True(Logged(log, "Charged") <= LedgerUnlockCredits());
        Assert.True(LedgerUnlockCredits() <= Logged(log, "Charged") + Logged(log, "Unknown"));

        // Unknown outcomes are settled later by running the same command again: it re-reads the state.
        using var settler = new Session.LensmorSession(Http.ApiKey.Parse(server.ApiKey, Http.ApiKeySource.Parameter),
            new Session.LensmorConnectionOptions { BaseUri = server.BaseUri.ToString(), Journal = new IntentJournal(temp.Path) });
        foreach (var unknown in log.Where(r => r.Action == "UnlockEvent" && r.Outcome == "Unknown").Select(r => r.Target).Distinct())
        {
            await new EventUnlockOperation(settler).UnlockAsync(unknown, RecordingHost.Yes());
        }

        var settled = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).ToList();
        Assert.DoesNotContain(settled, r => r.Action == "UnlockEvent" && r.Outcome == "Unknown");
        Assert.Equal(LedgerUnlockCredits(), Logged(settled, "Charged"));
        Assert.All(server.Ledger.Charges.Where(c => c.Action == "unlock_event").GroupBy(c => c.Target), g => Assert.Single(g));
    }
}
