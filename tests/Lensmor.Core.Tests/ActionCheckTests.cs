using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class ActionCheckTests
{
    private const string EventId = TestSandbox.PaidEventId;

    [Fact]
    public async Task An_event_unlock_check_reports_the_price_without_charging_or_prompting()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ActionCheckOperation.RunAsync(session, host, "unlock_event_contacts", null, EventId);

        var check = Assert.Single(host.Output<ActionCheck>());
        Assert.Equal("unlock_event_contacts", check.ActionType);
        Assert.True(check.Allowed);
        Assert.True(check.ShouldCharge);
        Assert.Equal(2000m, check.Credits);
        Assert.Equal("ok", check.ReasonCode);
        Assert.Equal("Event Unlock - API", check.BizCode);
        Assert.StartsWith("{", check.Detail);
        Assert.DoesNotContain("\n", check.Detail);
        Assert.Contains("\"event_id\":\"" + EventId + "\"", check.Detail);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        var request = Assert.Single(server.Requests.All);
        Assert.Equal("/external/actions/precheck", request.Path);
        Assert.Contains("\"params\":{\"event_id\":\"" + EventId + "\"}", request.Body);
    }

    [Fact]
    public async Task Parameters_and_personnel_ids_are_sent_in_params()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var people = server.World.PersonnelIdsOfEvent(EventId, 3);

        await ActionCheckOperation.RunAsync(session, host, "unlock_contact_emails", new Dictionary<string, object?> { ["event_id"] = EventId }, rawPersonnelIds: people);

        var check = Assert.Single(host.Output<ActionCheck>());
        Assert.True(check.Allowed);
        Assert.Equal(15m * people.Count, check.Credits);
        Assert.Contains("\"personnel_ids\":[\"" + string.Join("\",\"", people) + "\"]", Assert.Single(server.Requests.All).Body);
    }

    [Fact]
    public async Task An_action_type_outside_the_contract_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => ActionCheckOperation.RunAsync(session, host, "launch_rockets", new Dictionary<string, object?>()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("unlock_event_contacts", error.Message);
        Assert.Empty(server.Requests.All);
    }

    [Theory]
    [InlineData("UnlockEventContacts")]
    [InlineData("UNLOCK_EVENT_CONTACTS")]
    [InlineData("unlock_event_contacts")]
    public async Task An_action_type_in_any_case_is_sent_as_the_contract_spells_it(string typed)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ActionCheckOperation.RunAsync(session, host, typed, null, EventId);

        Assert.Equal("unlock_event_contacts", Assert.Single(host.Output<ActionCheck>()).ActionType);
        Assert.Contains("\"action_type\":\"unlock_event_contacts\"", Assert.Single(server.Requests.All).Body);
    }

    [Fact]
    public async Task A_short_balance_is_reported_as_the_precheck_says()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Ledger.SetBalance(10);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ActionCheckOperation.RunAsync(session, host, "unlock_event_full_access", null, EventId);

        var check = Assert.Single(host.Output<ActionCheck>());
        Assert.False(check.Allowed);
        Assert.Equal("insufficient_balance", check.ReasonCode);
        Assert.Equal(5000m, check.Credits);
    }

    [Fact]
    public void The_known_action_types_are_the_contract_enum()
    {
        Assert.Equal(
            new[] { "query_event_personnel", "unlock_event_contacts", "unlock_event_visitors", "unlock_event_full_access", "unlock_contact_emails", "unlock_contact_phones", "search_exhibitor_events", "others" }.OrderBy(x => x),
            ActionCheckOperation.KnownActionTypes.OrderBy(x => x));
    }

    public static TheoryData<string?, Dictionary<string, object?>?, string?, string[]?> BadInput => new()
    {
        { null, null, null, null },
        { "  ", null, null, null },
        { "unlock event", null, null, null },
        // Well formed but outside the contract's action_type enum: the API would answer 400, so nothing is sent.
        { "launch_rocket", null, null, null },
        { "unlock_event", null, null, null },
        { new string('a', 101), null, null, null },
        { "unlock_event_contacts", null, " ", null },
        { "unlock_event_contacts", null, new string('1', 101), null },
        { "unlock_contact_emails", null, EventId, new[] { new string('7', 21) } },
        { "unlock_event_contacts", new Dictionary<string, object?> { ["event_id"] = "139002" }, EventId, null },
        { "unlock_event_contacts", new Dictionary<string, object?> { [" "] = "x" }, null, null },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_before_any_request(string? actionType, Dictionary<string, object?>? parameters, string? eventId, string[]? personnelIds)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ActionCheckOperation.RunAsync(session, RecordingHost.Yes(), actionType, parameters, eventId, personnelIds));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }
}
