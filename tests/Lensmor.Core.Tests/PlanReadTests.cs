using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// Issue 13.2 and 13.4: a plan re-reads only what it lacks, and a paid send wastes no request. Every figure is a
/// request count from the sandbox's request log, never a time.
/// </summary>
public class PlanReadTests
{
    private const string EventId = TestSandbox.PaidEventId;

    private static int Count(SandboxServer server, string method, string path) => server.Requests.Count(method, path);

    private static int EventDetails(SandboxServer server) =>
        server.Requests.All.Count(r => r.Method == "GET" && r.Path.StartsWith("/external/events/", StringComparison.Ordinal) && r.Path != "/external/events/list");

    private static async Task<List<Event>> ListEvents(LensmorSession session, int count)
    {
        var host = RecordingHost.Yes();
        await EventCatalogOperation.ListAsync(session, host, new EventCatalogOperation.Filter(), new PagingOptions { First = (ulong)count });
        return host.Output<Event>().ToList();
    }

    private static async Task<List<Personnel>> ListPeople(LensmorSession session, int count, string eventId = EventId)
    {
        var host = RecordingHost.Yes();
        await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId }, new PagingOptions { First = (ulong)count });
        return host.Output<Personnel>().ToList();
    }

    [Fact]
    public async Task Listed_events_are_planned_with_one_precheck_each_and_named_from_the_list()
    {
        await using var server = await TestSandbox.StartAsync(o => o.SubscriptionBalance = 100_000);
        using var session = TestSandbox.Session(server);
        var events = await ListEvents(session, 20);
        server.Requests.Clear();
        var host = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session);
        events.ForEach(e => run.Add(e.EventId));

        await run.RunAsync(host);

        Assert.Equal(20, Count(server, "POST", "/external/actions/precheck"));
        Assert.Equal(0, EventDetails(server));
        Assert.Equal(21, server.Requests.All.Count);
        Assert.Equal(events.Select(e => $"event '{e.Name}' ({e.EventId})"), host.Prompts.Select(p => p.Target));
    }

    [Fact]
    public async Task A_bare_event_id_is_named_by_its_detail_read_beside_the_precheck()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session);
        run.Add(EventId);
        run.Add(server.World.EventIdAt(1));

        await run.RunAsync(host);

        Assert.Equal(2, EventDetails(server));
        Assert.Equal(2, Count(server, "POST", "/external/actions/precheck"));
        Assert.Equal($"event 'CES 2027' ({EventId})", host.Prompts.First().Target);
    }

    [Fact]
    public async Task Ten_listed_events_unlock_with_two_requests_each_and_one_balance_read_for_the_run()
    {
        await using var server = await TestSandbox.StartAsync(o => o.SubscriptionBalance = 100_000);
        using var session = TestSandbox.Session(server);
        var events = await ListEvents(session, 10);
        server.Requests.Clear();
        var initial = server.Ledger.TotalBalance;
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session);
        events.ForEach(e => run.Add(e.EventId));

        await run.RunAsync(host);

        // A precheck and an unlock per event; the unlock's answer carries the balance, so the run reads it once.
        Assert.Equal(10, server.Requests.Paid.Count);
        Assert.Equal(10, Count(server, "POST", "/external/actions/precheck"));
        Assert.Equal(1, Count(server, "GET", "/external/credits/balance"));
        Assert.Equal(21, server.Requests.All.Count);
        var receipts = host.Output<EventUnlockReceipt>().ToList();
        Assert.Equal(events.Select(e => e.EventId), receipts.Select(r => r.EventId));
        Assert.Equal(events.Select(e => e.Name), receipts.Select(r => r.EventName));
        for (var i = 0; i < receipts.Count; i++)
        {
            Assert.Equal(initial - (2000m * i), receipts[i].BalanceBefore);
            Assert.Equal(initial - (2000m * (i + 1)), receipts[i].BalanceAfter);
        }

        Assert.Equal(server.Ledger.TotalBalance, receipts[^1].BalanceAfter);
    }

    [Fact]
    public async Task A_listed_event_without_visitor_data_is_refused_its_visitor_unlock_without_reading_its_detail()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var events = await ListEvents(session, 100);
        var plain = events.First(e => e.HasVisitors == false);
        server.World.MarkEventUnlocked(plain.EventId);
        server.Requests.Clear();

        var error = await Assert.ThrowsAsync<Errors.LensmorException>(() => new EventUnlockOperation(session, EventUnlockScope.Visitors).UnlockAsync(plain.EventId, RecordingHost.Yes()));

        Assert.Equal(Errors.ErrorIds.Conflict, error.ErrorId);
        Assert.Contains("has no visitor data", error.Message);
        Assert.Equal(0, EventDetails(server));
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task Four_hundred_listed_contacts_are_planned_from_the_list_with_one_precheck_per_task()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        var people = await ListPeople(session, 400);
        server.Requests.Clear();
        var run = new ContactUnlockOperation(session, ContactChannel.Email);
        people.ForEach(p => run.Add(p.PersonnelId, p.EventId));
        var host = RecordingHost.WhatIf();

        await run.RunAsync(host);

        Assert.Equal(4, Count(server, "POST", "/external/actions/precheck"));
        Assert.Equal(0, Count(server, "GET", "/external/personnel/"));
        Assert.Equal(5, server.Requests.All.Count);
        Assert.Contains("400 contact emails in 4 tasks", Assert.Single(host.Prompts).Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contacts_not_read_lately_are_read_from_the_events_list_pages_when_that_takes_fewer_requests()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(EventId, 2000);
        var pages = (ids.Count + 49) / 50;
        var run = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var id in ids.Take(200))
        {
            run.Add(id, EventId);
        }

        await run.RunAsync(RecordingHost.WhatIf());

        Assert.True(pages < 200, $"the event has {ids.Count} people");
        Assert.Equal(pages, Count(server, "GET", "/external/personnel/list"));
        Assert.Equal(0, Count(server, "GET", "/external/personnel/profile"));
        Assert.Equal(2, Count(server, "POST", "/external/actions/precheck"));
    }

    [Fact]
    public async Task A_few_contacts_not_read_lately_are_read_one_profile_each_and_one_page_stops_short_of_a_larger_event()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(EventId, 2000);
        var two = new ContactUnlockOperation(session, ContactChannel.Email);
        two.Add(ids[0], EventId);
        two.Add(ids[^1], EventId);
        await two.RunAsync(RecordingHost.WhatIf());

        Assert.Equal(0, Count(server, "GET", "/external/personnel/list"));
        Assert.Equal(2, Count(server, "GET", "/external/personnel/profile"));

        // Five people spread over the event: the first page shows one, and four more profiles are fewer than the pages left.
        server.Requests.Clear();
        var five = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var index in new[] { 1, ids.Count / 3, ids.Count / 2, 2 * ids.Count / 3, ids.Count - 2 })
        {
            five.Add(ids[index], EventId);
        }

        await five.RunAsync(RecordingHost.WhatIf());

        Assert.Equal(1, Count(server, "GET", "/external/personnel/list"));
        Assert.Equal(4, Count(server, "GET", "/external/personnel/profile"));
    }

    [Fact]
    public async Task Unlock_results_carry_each_contacts_name_title_and_company_as_the_list_shows_them()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        var people = (await ListPeople(session, 60)).Skip(50).ToList();
        var run = new ContactUnlockOperation(session, ContactChannel.Email) { Backoff = new[] { TimeSpan.FromMilliseconds(20) } };
        people.ForEach(p => run.Add(p.PersonnelId, p.EventId));
        var host = RecordingHost.Yes();

        await run.RunAsync(host);

        var results = host.Output<ContactUnlockResult>().ToDictionary(r => r.PersonnelId);
        Assert.Equal(10, results.Count);
        foreach (var person in people)
        {
            var result = results[person.PersonnelId];
            Assert.False(string.IsNullOrEmpty(person.Name));
            Assert.Equal((person.Name, person.Title, person.CompanyName), (result.Name, result.Title, result.CompanyName));
        }

        // A rerun reports them unlocked (or failed before), named the same, without sending anything.
        var again = RecordingHost.Yes();
        var rerun = new ContactUnlockOperation(session, ContactChannel.Email);
        people.ForEach(p => rerun.Add(p.PersonnelId, p.EventId));
        await rerun.RunAsync(again);
        Assert.Single(server.Requests.Paid);
        Assert.Equal(people.Select(p => p.Name).OrderBy(n => n), again.Output<ContactUnlockResult>().Select(r => r.Name).OrderBy(n => n));
    }
}
