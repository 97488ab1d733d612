using Lensmor.Core.Errors;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;
using static Lensmor.Core.Tests.Support.ContactUnlockRuns;

namespace Lensmor.Core.Tests;

/// <summary>
/// What keeps a contact unlock from spending: -WhatIf, a declined prompt, -MaxCredits, a short balance, bad
/// input and unknown events; a 402 mid-run stops the rest and still reports what was charged.
/// </summary>
public class ContactUnlockRefusalTests
{
    private const string UnlockRoute = "^/external/contacts/unlock$";

    [Fact]
    public async Task WhatIf_sends_no_paid_request_and_charges_nothing()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.WhatIf();

        await Run(session, People(server, 3)).RunAsync(host);

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Contains("45 credits", Assert.Single(host.Prompts).Action);
        Assert.Empty(host.Output<ContactUnlockResult>());
    }

    [Fact]
    public async Task A_declined_prompt_sends_nothing()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await Run(session, People(server, 3)).RunAsync(RecordingHost.No());

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task MaxCredits_below_the_cost_refuses_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(session, People(server, 3), maxCredits: 30).RunAsync(host));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task A_short_balance_refuses_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.Ledger.SetBalance(20);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(session, People(server, 3)).RunAsync(host));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task A_402_on_the_second_task_stops_the_run_but_the_first_tasks_results_are_still_reported()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.Faults.Add(new SandboxFault("POST", UnlockRoute, SandboxFaultKind.Latency) { DelayMs = 0 });
        server.Faults.Add(new SandboxFault("POST", UnlockRoute, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });
        var ids = People(server, 250);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(session, ids).RunAsync(host));

        Assert.Equal(ErrorIds.PaymentRequired, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Equal(2, server.Requests.Count("POST", "/external/contacts/unlock"));
        Assert.Equal(100, server.Ledger.Charges.Count);
        var results = host.Output<ContactUnlockResult>().ToList();
        Assert.Equal(ids.Take(100).OrderBy(x => x), results.Select(r => r.PersonnelId).OrderBy(x => x));
        Assert.All(results, r => Assert.True(r.Status is "Unlocked" or "Failed"));
        Assert.Contains(host.Warnings, w => w.Contains("150 contact(s) were not sent"));
    }

    [Fact]
    public async Task Bad_contacts_are_refused_as_they_are_added()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var op = new ContactUnlockOperation(session, ContactChannel.Email);

        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add(new string('7', 21), EventId)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("", EventId)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("7000001", null)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("7000001", new string('1', 101))).ErrorId);
        Assert.Equal(0, op.Count);
        await op.RunAsync(RecordingHost.Yes());
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task An_unknown_event_is_a_per_item_not_found_while_the_other_events_go_ahead()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var op = new ContactUnlockOperation(session, ContactChannel.Email);
        op.Add("7000001", "999999999");
        foreach (var id in People(server, 2))
        {
            op.Add(id, EventId);
        }

        var host = RecordingHost.Yes();
        await op.RunAsync(host);

        var error = Assert.Single(host.Errors);
        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
        Assert.False(error.IsTerminating);
        Assert.Single(server.Requests.Paid);
        Assert.Equal(2, server.Ledger.Charges.Count);
        Assert.Equal(2, host.Output<ContactUnlockResult>().Count());
    }
}
