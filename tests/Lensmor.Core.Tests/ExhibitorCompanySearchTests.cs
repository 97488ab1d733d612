using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class ExhibitorCompanySearchTests
{
    private const string Route = "/external/exhibitors/search-by-company-name";

    private static string FindableCompany(Lensmor.Sandbox.SandboxServer server) =>
        server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(0));

    [Fact]
    public async Task A_search_that_finds_exhibitors_is_charged_50_and_writes_flat_rows()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var company = FindableCompany(server);

        await ExhibitorCompanySearchOperation.RunAsync(session, host, company);

        var rows = host.Output<Exhibitor>().ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(server.World.ExhibitorIdAt(0), rows[0].ExhibitorId);
        Assert.All(rows, r => Assert.Contains(company, r.CompanyName, StringComparison.OrdinalIgnoreCase));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.EventId)));
        var charge = Assert.Single(server.Ledger.Charges);
        Assert.Equal(50m, charge.Credits);
        var receipt = Assert.Single(host.Information.OfType<SpendReceipt>());
        Assert.Equal(50m, receipt.CreditsCharged);
        Assert.Equal(receipt.BalanceBefore - 50m, receipt.BalanceAfter);
        Assert.Equal(1, server.Requests.Count("POST", Route));
        var paid = Assert.Single(server.Requests.Paid);
        Assert.Equal("api", paid.CallSource);
        Assert.Contains("\"company_name\":", paid.Body);
        Assert.Equal(0, server.Requests.Count("POST", "/external/actions/precheck"));
    }

    [Fact]
    public async Task The_prompt_names_the_company_the_price_and_the_balance_it_leaves()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorCompanySearchOperation.RunAsync(session, host, "Acme");

        var prompt = Assert.Single(host.Prompts);
        Assert.Equal("company 'Acme'", prompt.Target);
        Assert.Contains("50 credits", prompt.Action);
        Assert.Contains("30,050 -> 30,000", prompt.Action);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_is_not_charged()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorCompanySearchOperation.RunAsync(session, host, "Zzyzx Nonexistent Holdings");

        Assert.Empty(host.Objects);
        Assert.Empty(server.Ledger.Charges);
        Assert.Equal(0m, Assert.Single(host.Information.OfType<SpendReceipt>()).CreditsCharged);
        Assert.Contains(host.Verbose, v => v.Contains("not charged"));
    }

    [Fact]
    public async Task WhatIf_sends_no_paid_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.WhatIf();

        await ExhibitorCompanySearchOperation.RunAsync(session, host, "Acme");

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Single(host.Prompts);
        Assert.Empty(host.Objects);
    }

    [Fact]
    public async Task A_user_who_answers_no_is_not_charged()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await ExhibitorCompanySearchOperation.RunAsync(session, RecordingHost.No(), "Acme");

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task More_pages_are_announced_as_further_paid_searches()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorCompanySearchOperation.RunAsync(session, host, "Acme", page: 1, pageSize: 2);

        Assert.Equal(2, host.Output<Exhibitor>().Count());
        Assert.Contains(host.Warnings, w => w.Contains("-Page 2"));
        Assert.Single(server.Requests.Paid);
    }

    [Fact]
    public async Task A_short_balance_is_refused_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Ledger.SetBalance(10);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCompanySearchOperation.RunAsync(session, host, "Acme"));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task MaxCredits_below_the_price_refuses_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCompanySearchOperation.RunAsync(session, host, "Acme", maxCredits: 49));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task A_402_from_the_server_is_payment_required_after_exactly_one_post()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.Faults.Add(new Lensmor.Sandbox.SandboxFault("POST", "^" + Route + "$", Lensmor.Sandbox.SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCompanySearchOperation.RunAsync(session, RecordingHost.Yes(), "Acme"));

        Assert.Equal(ErrorIds.PaymentRequired, error.ErrorId);
        Assert.Equal(1, server.Requests.Count("POST", Route));
        Assert.Empty(server.Ledger.Charges);
    }

    [Theory]
    [InlineData("", 1, 20)]
    [InlineData("   ", 1, 20)]
    [InlineData("Acme", 0, 20)]
    [InlineData("Acme", 1, 0)]
    [InlineData("Acme", 1, 101)]
    public async Task Bad_input_is_refused_before_any_request(string company, int page, int pageSize)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCompanySearchOperation.RunAsync(session, RecordingHost.Yes(), company, page, pageSize));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task An_over_long_company_name_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCompanySearchOperation.RunAsync(session, RecordingHost.Yes(), new string('a', 201)));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }
}
