using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// The two paid company-name searches share one implementation (PaidCompanySearch): every rule is checked for
/// both, Search-LensmorExhibitorEvents ("events") and Search-LensmorExhibitor ("exhibitors").
/// </summary>
public class CompanySearchTests
{
    public sealed record CompanySearch(
        string Route,
        Func<LensmorSession, RecordingHost, string?, int, int, decimal?, Task> Run,
        Func<LensmorSession, RecordingHost, IEnumerable<string?>, decimal?, Task> RunMany,
        Func<RecordingHost, IReadOnlyList<object>> Rows,
        Action<SandboxServer, string, object> CheckRow);

    private static readonly IReadOnlyDictionary<string, CompanySearch> Searches = new Dictionary<string, CompanySearch>
    {
        ["events"] = new(
            "/external/exhibitors/search-events",
            (session, host, company, page, pageSize, maxCredits) => ExhibitorEventSearchOperation.RunAsync(session, host, company, page, pageSize, maxCredits),
            (session, host, companies, maxCredits) => ExhibitorEventSearchOperation.RunAsync(session, host, companies, maxCredits: maxCredits),
            host => host.Output<ExhibitorEventMatch>().Cast<object>().ToList(),
            (_, company, row) =>
            {
                var r = (ExhibitorEventMatch)row;
                Assert.False(string.IsNullOrEmpty(r.EventId));
                Assert.True(r.MatchedExhibitorCount >= 1);
                Assert.Equal(r.MatchedExhibitorCount, r.MatchedExhibitorIds.Split("; ").Length);
                Assert.Contains(company, r.MatchedCompanyNames, StringComparison.OrdinalIgnoreCase);
                Assert.Equal(company, r.SearchedCompanyName);
            }),
        ["exhibitors"] = new(
            "/external/exhibitors/search-by-company-name",
            (session, host, company, page, pageSize, maxCredits) => ExhibitorCompanySearchOperation.RunAsync(session, host, company, page, pageSize, maxCredits),
            (session, host, companies, maxCredits) => ExhibitorCompanySearchOperation.RunAsync(session, host, companies, maxCredits: maxCredits),
            host => host.Output<Exhibitor>().Cast<object>().ToList(),
            (_, company, row) =>
            {
                var r = (Exhibitor)row;
                Assert.Contains(company, r.CompanyName, StringComparison.OrdinalIgnoreCase);
                Assert.False(string.IsNullOrEmpty(r.EventId));
            }),
    };

    public static TheoryData<string> SearchNames => new() { "events", "exhibitors" };

    public static TheoryData<string, string, int, int> BadInputs()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (var search in Searches.Keys)
        {
            data.Add(search, "", 1, 20);
            data.Add(search, "   ", 1, 20);
            data.Add(search, "Acme", 0, 20);
            data.Add(search, "Acme", 1, 0);
            data.Add(search, "Acme", 1, 101);
            data.Add(search, new string('a', 201), 1, 20);
        }

        return data;
    }

    private static string FindableCompany(SandboxServer server, int index = 0) =>
        server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(index));

    private static Task Run(string search, LensmorSession session, RecordingHost host, string? company, int page = 1, int pageSize = 20, decimal? maxCredits = null) =>
        Searches[search].Run(session, host, company, page, pageSize, maxCredits);

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task A_search_that_finds_something_is_charged_50_and_writes_flat_rows(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var company = FindableCompany(server);

        await Run(search, session, host, company);

        var rows = Searches[search].Rows(host);
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Searches[search].CheckRow(server, company, row));
        Assert.Equal(50m, Assert.Single(server.Ledger.Charges).Credits);
        var receipt = Assert.Single(host.Information.OfType<SpendReceipt>());
        Assert.Equal(50m, receipt.ChargedCredits);
        Assert.Equal(receipt.BalanceBefore - 50m, receipt.BalanceAfter);
        Assert.Equal(1, server.Requests.Count("POST", Searches[search].Route));
        var paid = Assert.Single(server.Requests.Paid);
        Assert.Equal("api", paid.CallSource);
        Assert.Contains("\"company_name\":", paid.Body);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task The_prompt_names_the_company_the_price_and_the_balance_it_leaves(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var company = FindableCompany(server);

        await Run(search, session, host, company);

        var prompt = Assert.Single(host.Prompts);
        Assert.Equal($"company '{company}'", prompt.Target);
        Assert.Contains("50 credits", prompt.Action);
        Assert.Contains("30,050 -> 30,000", prompt.Action);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task A_search_that_finds_nothing_is_not_charged(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await Run(search, session, host, "Zzyzx Nonexistent Holdings");

        Assert.Empty(host.Objects);
        Assert.Empty(server.Ledger.Charges);
        Assert.Equal(0m, Assert.Single(host.Information.OfType<SpendReceipt>()).ChargedCredits);
        Assert.Contains(host.Verbose, v => v.Contains("not charged"));
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task The_receipt_reports_what_the_balance_moved_not_what_was_expected(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        // The company exists, so a charge is expected; the page past the end is empty, so none is made.
        await Run(search, session, host, FindableCompany(server), page: 99);

        Assert.Empty(host.Objects);
        Assert.Empty(server.Ledger.Charges);
        var receipt = Assert.Single(host.Information.OfType<SpendReceipt>());
        Assert.Equal(50m, receipt.ExpectedCredits);
        Assert.Equal(0m, receipt.ChargedCredits);
        Assert.Equal(receipt.BalanceBefore, receipt.BalanceAfter);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task WhatIf_sends_no_paid_request(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.WhatIf();

        await Run(search, session, host, FindableCompany(server));

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Contains("50 credits", Assert.Single(host.Prompts).Action);
        Assert.Empty(host.Objects);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task A_user_who_answers_no_is_not_charged(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await Run(search, session, RecordingHost.No(), FindableCompany(server));

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task A_page_beyond_the_first_is_one_more_paid_call_and_the_user_is_told_so(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await Run(search, session, host, "Acme", page: 1, pageSize: 1);

        Assert.Single(Searches[search].Rows(host));
        Assert.Contains(host.Warnings, w => w.Contains("-Page 2"));
        Assert.Single(server.Requests.Paid);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task A_short_balance_is_refused_before_the_prompt(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        server.Ledger.SetBalance(10);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(search, session, host, FindableCompany(server)));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task MaxCredits_below_the_price_refuses_before_the_prompt(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(search, session, host, FindableCompany(server), maxCredits: 49));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task MaxCredits_caps_every_search_of_the_run_together_and_refuses_the_run_whole(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() =>
            Searches[search].RunMany(session, host, new[] { FindableCompany(server), FindableCompany(server, 1) }, 60));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Contains("100 credits for 2 searches", error.Message);
        Assert.Contains("-MaxCredits 60", error.Message);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Theory]
    [MemberData(nameof(SearchNames))]
    public async Task A_402_from_the_server_is_payment_required_after_exactly_one_post(string search)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.Faults.Add(new SandboxFault("POST", "^" + Searches[search].Route + "$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(search, session, RecordingHost.Yes(), FindableCompany(server)));

        Assert.Equal(ErrorIds.PaymentRequired, error.ErrorId);
        Assert.Equal(1, server.Requests.Count("POST", Searches[search].Route));
        Assert.Empty(server.Ledger.Charges);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_before_any_request(string search, string company, int page, int pageSize)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(search, session, RecordingHost.Yes(), company, page, pageSize));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }
}
