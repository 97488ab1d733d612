using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// Plan, then spend: the outside probe's observations (issue 8), each against the sandbox's ledger. A paid run
/// is priced whole and refused whole before any prompt; contact unlocks resume without a second charge.
/// </summary>
public class PaidRunTests
{
    [Fact]
    public async Task Three_events_over_MaxCredits_are_refused_whole_before_any_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session, maxCredits: 4000);
        foreach (var id in new[] { server.World.EventIdAt(0), server.World.EventIdAt(1), server.World.EventIdAt(2) })
        {
            run.Add(id);
        }

        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Contains("6,000 credits for 3 events", error.Message);
        Assert.Contains("-MaxCredits 4,000", error.Message);
        Assert.Contains("-MaxCredits", error.RecommendedAction);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Equal(3, SpendLogOperation.Read(session.Journal, host).Count(r => r.Outcome == "Refused"));
    }

    [Fact]
    public async Task A_run_the_balance_cannot_cover_is_refused_whole_not_after_two_charges()
    {
        await using var server = await TestSandbox.StartAsync(o => o.SubscriptionBalance = 5000);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session);
        foreach (var id in new[] { server.World.EventIdAt(0), server.World.EventIdAt(1), server.World.EventIdAt(2) })
        {
            run.Add(id);
        }

        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.Contains("6,000 credits for 3 events", error.Message);
        Assert.Contains("5,000", error.Message);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Ledger.Charges);
        Assert.Equal(5000m, server.Ledger.TotalBalance);
    }

    [Fact]
    public async Task The_session_spend_limit_refuses_a_run_whole()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = new LensmorSession(ApiKey.Parse(server.ApiKey, ApiKeySource.Parameter),
            new LensmorConnectionOptions { BaseUri = server.BaseUri.ToString(), SpendLimit = 3000 });
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session);
        run.Add(server.World.EventIdAt(0));
        run.Add(server.World.EventIdAt(1));

        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal(ErrorIds.SpendLimitExceeded, error.ErrorId);
        Assert.Contains("4,000 credits for 2 events", error.Message);
        Assert.Contains("3,000", error.Message);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task WhatIf_counts_a_repeated_id_once_and_the_real_run_charges_what_it_said()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = server.World.EventIdAt(0);
        var whatIf = RecordingHost.WhatIf();
        var rehearsal = new EventUnlockOperation(session);
        rehearsal.Add(eventId);
        rehearsal.Add(" " + eventId + " ");

        await rehearsal.RunAsync(whatIf);

        Assert.Single(whatIf.Prompts);
        Assert.Equal("What if: in total this run would spend 2,000 credits to unlock 1 event.", Assert.Single(whatIf.HostLines));

        var run = new EventUnlockOperation(session);
        run.Add(eventId);
        run.Add(eventId);
        await run.RunAsync(RecordingHost.Yes());
        Assert.Equal(2000m, server.Ledger.Charges.Sum(c => c.Credits));
    }

    [Fact]
    public async Task Each_receipt_is_written_as_its_event_is_charged()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session, maxCredits: 4000);
        run.Add(server.World.EventIdAt(0));
        run.Add(server.World.EventIdAt(1));

        await run.RunAsync(host);

        Assert.Equal(2, host.Prompts.Count);
        Assert.Contains("30,050 -> 28,050", host.Prompts.First().Action);
        Assert.Contains("28,050 -> 26,050", host.Prompts.Last().Action);
        Assert.Equal(new[] { 2000m, 2000m }, host.Output<EventUnlockReceipt>().Select(r => r.ChargedCredits));
    }

    [Fact]
    public async Task A_missing_event_is_its_own_error_and_the_rest_of_the_run_goes_on()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session);
        run.Add("999999999");
        run.Add(server.World.EventIdAt(0));

        await run.RunAsync(host);

        Assert.Equal(ErrorIds.NotFound, Assert.Single(host.Errors).ErrorId);
        Assert.Single(host.Output<EventUnlockReceipt>());
        Assert.Single(server.Ledger.Charges);
    }

    [Fact]
    public async Task Company_searches_dedupe_as_the_API_matches_names_and_refuse_the_run_whole()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var company = PaidScenario.FindableCompany(server);
        var whatIf = RecordingHost.WhatIf();

        await ExhibitorEventSearchOperation.RunAsync(session, whatIf, new[] { company, company.ToUpperInvariant(), " " + company + " " });

        Assert.Single(whatIf.Prompts);
        Assert.Contains("50 credits for 1 search", Assert.Single(whatIf.HostLines));
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public void A_piped_object_string_form_is_refused_as_an_id_and_as_a_company_name()
    {
        var marked = InputValidation.RejectedObject("System.Management.Automation.PSCustomObject", "@{Name=Acme}");

        var asId = Assert.Throws<LensmorException>(() => new EventUnlockOperation(null!).Add(marked));
        var asName = Assert.Throws<LensmorException>(() => InputValidation.CompanyName(marked));

        Assert.Equal(ErrorIds.InvalidArgument, asId.ErrorId);
        Assert.Contains("PSCustomObject", asId.Message);
        Assert.Contains("@{Name=Acme}", asId.Message);
        Assert.Equal(ErrorIds.InvalidArgument, asName.ErrorId);
        Assert.False(asName.IsTerminating);
    }

    [Theory]
    [InlineData("sk_sandbox_0123456789abcdé")]
    [InlineData("sk_sandbox_0123456789abcdef\u200b")]
    public void A_key_no_HTTP_header_can_carry_is_an_invalid_argument(string key)
    {
        var error = Assert.Throws<LensmorException>(() => ApiKey.Parse(key, ApiKeySource.Parameter));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("HTTP header", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/external")]
    [InlineData("http://127.0.0.1:5080/external/")]
    [InlineData("http://127.0.0.1:5080/EXTERNAL")]
    public void A_base_URL_ending_in_external_is_normalised(string baseUrl)
    {
        Assert.Equal("http://127.0.0.1:5080/", BaseUriPolicy.Validate(baseUrl).ToString());
    }

    [Fact]
    public async Task A_base_URL_ending_in_external_reaches_the_real_routes()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = new LensmorSession(ApiKey.Parse(server.ApiKey, ApiKeySource.Parameter),
            new LensmorConnectionOptions { BaseUri = server.BaseUri + "external" });

        var balance = await BalanceOperation.GetAsync(session, RecordingHost.Yes());

        Assert.Equal(30_050m, balance.TotalBalance);
    }
}
