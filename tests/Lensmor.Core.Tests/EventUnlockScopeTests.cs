using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class EventUnlockScopeTests
{
    /// <summary>The first catalogue event with (or without) visitor data, read through the API as a user would.</summary>
    private static async Task<string> EventAsync(Lensmor.Sandbox.SandboxServer server, Session.LensmorSession session, bool hasVisitors)
    {
        var host = RecordingHost.Yes();
        await EventCatalogOperation.ListAsync(session, host, new EventCatalogOperation.Filter(), new PagingOptions { PageSize = 100 });
        var id = host.Output<Event>().First(e => e.HasVisitors == hasVisitors).EventId;
        server.Requests.Clear();
        return id;
    }

    [Fact]
    public async Task Visitors_after_base_access_charges_3000_once()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        server.World.MarkEventUnlocked(eventId);
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session, EventUnlockScope.Visitors).UnlockAsync(eventId, host);

        var charge = Assert.Single(server.Ledger.Charges);
        Assert.Equal(3000m, charge.Credits);
        Assert.Equal(1, server.Requests.Count("POST", $"/external/events/{eventId}/visitors/unlock"));
        Assert.True(server.World.IsVisitorLayerUnlocked(eventId));
        var receipt = Assert.Single(host.Output<EventUnlockReceipt>());
        Assert.Equal("Visitors", receipt.Scope);
        Assert.Equal("Unlocked", receipt.Outcome);
        Assert.Equal(3000m, receipt.ExpectedCredits);
        Assert.Equal(3000m, receipt.ChargedCredits);
        Assert.Equal(receipt.BalanceBefore - 3000m, receipt.BalanceAfter);
        Assert.Contains("3,000 credits", Assert.Single(host.Prompts).Action);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task Visitors_without_base_access_is_a_conflict_before_any_prompt_or_paid_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, EventUnlockScope.Visitors).UnlockAsync(eventId, host));

        Assert.Equal(ErrorIds.Conflict, error.ErrorId);
        Assert.False(error.IsTerminating);
        Assert.Contains("base", error.Message);
        Assert.Contains("-Scope Full", error.RecommendedAction);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task Visitors_on_an_event_without_visitor_data_is_a_conflict_that_says_so()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: false);
        server.World.MarkEventUnlocked(eventId);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, EventUnlockScope.Visitors).UnlockAsync(eventId, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.Conflict, error.ErrorId);
        Assert.Contains("no visitor data", error.Message);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task A_409_from_the_visitor_route_itself_is_a_conflict_and_charges_nothing()
    {
        // The precheck is advisory: if it says yes and the unlock route still answers 409, the user gets LensmorConflict.
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        server.World.MarkEventUnlocked(eventId);
        server.Faults.Add(new Lensmor.Sandbox.SandboxFault("POST", "^/external/events/[^/]+/visitors/unlock$", Lensmor.Sandbox.SandboxFaultKind.StatusBeforeExecute) { StatusCode = 409 });

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, EventUnlockScope.Visitors).UnlockAsync(eventId, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.Conflict, error.ErrorId);
        Assert.Single(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task Full_on_a_locked_event_with_visitors_costs_5000()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session, EventUnlockScope.Full).UnlockAsync(eventId, host);

        Assert.Equal(5000m, Assert.Single(server.Ledger.Charges).Credits);
        var receipt = Assert.Single(host.Output<EventUnlockReceipt>());
        Assert.Equal("Full", receipt.Scope);
        Assert.Equal(5000m, receipt.ExpectedCredits);
        Assert.Equal(5000m, receipt.ChargedCredits);
        Assert.True(server.World.IsEventUnlocked(eventId));
        Assert.True(server.World.IsVisitorLayerUnlocked(eventId));
        Assert.Equal(1, server.Requests.Count("POST", $"/external/events/{eventId}/full-access/unlock"));
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task Full_after_a_base_unlock_charges_only_the_missing_visitor_layer()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        await new EventUnlockOperation(session).UnlockAsync(eventId, RecordingHost.Yes());
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session, EventUnlockScope.Full).UnlockAsync(eventId, host);

        Assert.Equal(new[] { 2000m, 3000m }, server.Ledger.Charges.Select(c => c.Credits));
        var receipt = Assert.Single(host.Output<EventUnlockReceipt>());
        Assert.Equal(3000m, receipt.ExpectedCredits);
        Assert.Equal(3000m, receipt.ChargedCredits);
        Assert.Contains("3,000 credits", Assert.Single(host.Prompts).Action);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task Full_after_both_layers_is_already_unlocked_without_a_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        await new EventUnlockOperation(session, EventUnlockScope.Full).UnlockAsync(eventId, RecordingHost.Yes());
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session, EventUnlockScope.Full).UnlockAsync(eventId, host);

        Assert.Single(server.Ledger.Charges);
        Assert.Empty(host.Prompts);
        var receipt = Assert.Single(host.Output<EventUnlockReceipt>());
        Assert.Equal("AlreadyUnlocked", receipt.Outcome);
        Assert.Equal(0m, receipt.ChargedCredits);
    }

    [Fact]
    public async Task Full_on_an_event_without_visitor_data_costs_only_base_access()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: false);
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session, EventUnlockScope.Full).UnlockAsync(eventId, host);

        Assert.Equal(2000m, Assert.Single(server.Ledger.Charges).Credits);
        Assert.Equal(2000m, Assert.Single(host.Output<EventUnlockReceipt>()).ChargedCredits);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task Full_under_WhatIf_sends_nothing_and_totals_the_missing_layers()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        server.World.MarkEventUnlocked(eventId);
        var host = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session, EventUnlockScope.Full);

        await run.UnlockAsync(eventId, host);

        Assert.Empty(server.Requests.Paid);
        Assert.Contains("3,000 credits", Assert.Single(host.HostLines));
    }

    [Fact]
    public async Task Full_with_a_short_balance_is_refused_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Ledger.SetBalance(4000);
        using var session = TestSandbox.Session(server);
        var eventId = await EventAsync(server, session, hasVisitors: true);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, EventUnlockScope.Full).UnlockAsync(eventId, host));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }
}
