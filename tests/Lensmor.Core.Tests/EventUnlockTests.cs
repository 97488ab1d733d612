using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

public class EventUnlockTests
{
    private const string EventId = TestSandbox.PaidEventId;

    [Fact]
    public async Task A_confirmed_unlock_charges_2000_once_and_the_receipt_shows_the_balance_before_and_after()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session).UnlockAsync(EventId, host);

        var charge = Assert.Single(server.Ledger.Charges);
        Assert.Equal(2000m, charge.Credits);
        Assert.Equal(EventId, charge.Target);
        Assert.Equal(1, server.Requests.Count("POST", $"/external/events/{EventId}/unlock"));
        var receipt = Assert.Single(host.Output<EventUnlockReceipt>());
        Assert.Equal("Unlocked", receipt.Outcome);
        Assert.Equal(2000m, receipt.ChargedCredits);
        Assert.Equal(2000m, receipt.ExpectedCredits);
        Assert.Equal(30_050m, receipt.BalanceBefore);
        Assert.Equal(28_050m, receipt.BalanceAfter);
        Assert.False(string.IsNullOrEmpty(receipt.TraceId));
        Assert.Equal("CES 2027", receipt.EventName);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task The_prompt_names_the_event_the_cost_and_the_balance_it_leaves()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session).UnlockAsync(EventId, host);

        var prompt = Assert.Single(host.Prompts);
        Assert.Equal($"event 'CES 2027' ({EventId})", prompt.Target);
        Assert.Contains("2,000 credits", prompt.Action);
        Assert.Contains("30,050 -> 28,050", prompt.Action);
    }

    [Fact]
    public async Task The_paid_request_carries_the_call_source_header()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server, callSource: Http.CallSource.Agent);

        await new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes());

        var paid = Assert.Single(server.Requests.Paid);
        Assert.Equal("agent", paid.CallSource);
    }

    [Fact]
    public async Task WhatIf_sends_no_paid_request_leaves_the_ledger_alone_and_totals_the_run()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session);

        run.Add(EventId);
        run.Add(server.World.EventIdAt(1));
        await run.RunAsync(host);

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Equal(30_050m, server.Ledger.TotalBalance);
        Assert.Equal(2, host.Prompts.Count);
        Assert.Contains("28,050 -> 26,050", host.Prompts.Last().Action);
        Assert.Empty(host.Objects);
        var total = Assert.Single(host.HostLines);
        Assert.Contains("4,000 credits", total);
        Assert.Contains("2 events", total);
    }

    [Fact]
    public async Task A_user_who_answers_no_is_not_charged_and_gets_no_whatif_total()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.No();
        var run = new EventUnlockOperation(session);

        await run.UnlockAsync(EventId, host);

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Empty(host.HostLines);
    }

    [Fact]
    public async Task An_already_unlocked_event_gets_no_prompt_no_post_and_a_zero_credit_result()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session).UnlockAsync(EventId, host);

        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        var receipt = Assert.Single(host.Output<EventUnlockReceipt>());
        Assert.Equal("AlreadyUnlocked", receipt.Outcome);
        Assert.Equal(0m, receipt.ChargedCredits);
    }

    [Fact]
    public async Task Unlocking_twice_charges_once()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var run = new EventUnlockOperation(session);

        await run.UnlockAsync(EventId, RecordingHost.Yes());
        await run.UnlockAsync(EventId, RecordingHost.Yes());

        Assert.Single(server.Ledger.Charges);
        Assert.Equal(28_050m, server.Ledger.TotalBalance);
    }

    [Fact]
    public async Task A_short_balance_is_refused_before_the_prompt_and_before_sending()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Ledger.SetBalance(100);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, host));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Contains("2,000", error.Message);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Equal(100m, server.Ledger.TotalBalance);
    }

    [Fact]
    public async Task A_402_from_the_server_means_exactly_one_post_and_payment_required()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.StatusBeforeExecute, Times: 5) { StatusCode = 402 });
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.PaymentRequired, error.ErrorId);
        Assert.Equal(LensmorErrorCategory.QuotaExceeded, error.Category);
        Assert.True(error.IsTerminating);
        Assert.Equal(402, error.StatusCode);
        Assert.Equal(EventId, error.TargetObject);
        Assert.Equal(1, server.Requests.Count("POST", $"/external/events/{EventId}/unlock"));
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task A_5xx_on_the_paid_post_is_never_retried()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.StatusBeforeExecute, Times: 5) { StatusCode = 503 });
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.ServerError, error.ErrorId);
        Assert.Equal(1, server.Requests.Count("POST", $"/external/events/{EventId}/unlock"));
        Assert.Contains("never retried", error.RecommendedAction);
    }

    [Fact]
    public async Task A_429_on_the_paid_post_is_waited_out_and_charged_once()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 1 });
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await new EventUnlockOperation(session).UnlockAsync(EventId, host);

        Assert.Equal(2, server.Requests.Count("POST", $"/external/events/{EventId}/unlock"));
        Assert.Single(server.Ledger.Charges);
        Assert.Contains(host.Verbose, v => v.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_timeout_after_the_server_applied_the_charge_is_outcome_unknown_with_no_second_post()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.DelayAfterExecute) { DelayMs = 3000 });
        using var session = TestSandbox.Session(server, timeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.OutcomeUnknown, error.ErrorId);
        Assert.Equal(LensmorErrorCategory.OperationTimeout, error.Category);
        Assert.Contains("Get-LensmorBalance", error.RecommendedAction);
        Assert.True(await Eventually.HoldsAsync(() => server.Requests.Count("POST", $"/external/events/{EventId}/unlock") == 1));
        await Task.Delay(200);
        Assert.Equal(1, server.Requests.Count("POST", $"/external/events/{EventId}/unlock"));
        Assert.Single(server.Ledger.Charges);
    }

    [Fact]
    public async Task A_connection_dropped_after_the_charge_is_outcome_unknown()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.DropAfterExecute));
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.OutcomeUnknown, error.ErrorId);
        Assert.True(await Eventually.HoldsAsync(() => server.Requests.Count("POST", $"/external/events/{EventId}/unlock") == 1));
        Assert.Single(server.Ledger.Charges);
    }

    [Fact]
    public async Task A_malformed_success_body_on_the_paid_post_is_outcome_unknown()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute(EventId), SandboxFaultKind.MalformedBodyAfterExecute));
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(EventId, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.OutcomeUnknown, error.ErrorId);
        Assert.Single(server.Ledger.Charges);
    }

    [Fact]
    public async Task An_unknown_event_is_not_found_per_item_and_nothing_is_sent()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync("999999999", RecordingHost.Yes()));

        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
        Assert.False(error.IsTerminating);
        Assert.Equal("999999999", error.TargetObject);
        Assert.Empty(server.Requests.Paid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Empty_or_blank_ids_are_refused_before_any_request(string? id)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(id, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task An_over_long_id_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(new string('7', 101), RecordingHost.Yes()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("at most 100", error.Message);
        Assert.Empty(server.Requests.All);
    }
}

public class SpendLimitTests
{
    [Fact]
    public async Task MaxCredits_below_the_cost_refuses_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session, maxCredits: 1999).UnlockAsync(TestSandbox.PaidEventId, host));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task MaxCredits_caps_the_whole_run_not_each_event()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var run = new EventUnlockOperation(session, maxCredits: 3000);
        var host = RecordingHost.Yes();
        run.Add(TestSandbox.PaidEventId);
        run.Add(server.World.EventIdAt(1));

        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        // Refused whole, before any prompt: not one event charged and the next refused.
        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Contains("4,000 credits for 2 events", error.Message);
        Assert.Contains("-MaxCredits 3,000", error.Message);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task The_session_spend_limit_counts_what_was_charged_and_refuses_beyond_it()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = new Session.LensmorSession(Http.ApiKey.Parse(server.ApiKey, Http.ApiKeySource.Parameter),
            new Session.LensmorConnectionOptions { BaseUri = server.BaseUri.ToString(), SpendLimit = 2500 });

        await new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, RecordingHost.Yes());
        var host = RecordingHost.Yes();
        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(server.World.EventIdAt(1), host));

        Assert.Equal(ErrorIds.SpendLimitExceeded, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Single(server.Ledger.Charges);
        var context = SessionResolver.Describe(session, connected: true);
        Assert.Equal(2000m, context.SpentThisSession);
        Assert.Equal(500m, context.SpendLimitRemaining);
        Assert.Equal(2500m, context.SpendLimit);
    }
}
