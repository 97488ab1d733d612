using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class ExhibitorEventSearchTests
{
    private static string FindableCompany(Lensmor.Sandbox.SandboxServer server) =>
        server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(0));

    [Fact]
    public async Task A_search_that_finds_events_is_charged_50_and_writes_flat_rows()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var company = FindableCompany(server);

        await ExhibitorEventSearchOperation.RunAsync(session, host, company);

        var rows = host.Output<ExhibitorEventMatch>().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.EventId));
            Assert.True(r.MatchedExhibitorCount >= 1);
            Assert.Equal(r.MatchedExhibitorCount, r.MatchedExhibitorIds.Split("; ").Length);
            Assert.Contains(company, r.MatchedCompanyNames, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(company, r.SearchedCompanyName);
        });
        var charge = Assert.Single(server.Ledger.Charges);
        Assert.Equal(50m, charge.Credits);
        var receipt = Assert.Single(host.Information.OfType<SpendReceipt>());
        Assert.Equal(50m, receipt.CreditsCharged);
        Assert.Equal(receipt.BalanceBefore - 50m, receipt.BalanceAfter);
        Assert.Equal(1, server.Requests.Count("POST", "/external/exhibitors/search-events"));
        Assert.Equal("api", Assert.Single(server.Requests.Paid).CallSource);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_is_not_charged()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorEventSearchOperation.RunAsync(session, host, "Zzyzx Nonexistent Holdings");

        Assert.Empty(host.Objects);
        Assert.Empty(server.Ledger.Charges);
        Assert.Equal(0m, Assert.Single(host.Information.OfType<SpendReceipt>()).CreditsCharged);
        Assert.Contains(host.Verbose, v => v.Contains("not charged"));
    }

    [Fact]
    public async Task The_receipt_reports_what_the_balance_moved_not_what_was_expected()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        // The company exists, so the precheck expects a charge; the page past the end is empty, so none is made.
        await ExhibitorEventSearchOperation.RunAsync(session, host, FindableCompany(server), page: 99);

        Assert.Empty(host.Objects);
        Assert.Empty(server.Ledger.Charges);
        var receipt = Assert.Single(host.Information.OfType<SpendReceipt>());
        Assert.Equal(50m, receipt.ExpectedCredits);
        Assert.Equal(0m, receipt.CreditsCharged);
        Assert.Equal(receipt.BalanceBefore, receipt.BalanceAfter);
    }

    [Fact]
    public async Task WhatIf_sends_no_paid_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.WhatIf();

        await ExhibitorEventSearchOperation.RunAsync(session, host, FindableCompany(server));

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Contains("50 credits", Assert.Single(host.Prompts).Action);
    }

    [Fact]
    public async Task A_page_beyond_the_first_is_one_more_paid_call_and_the_user_is_told_so()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorEventSearchOperation.RunAsync(session, host, FindableCompany(server), page: 1, pageSize: 1);

        Assert.Single(host.Output<ExhibitorEventMatch>());
        Assert.Contains(host.Warnings, w => w.Contains("-Page 2"));
        Assert.Single(server.Requests.Paid);
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

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company, page, pageSize));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task An_over_long_company_name_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), new string('a', 201)));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task A_short_balance_is_refused_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Ledger.SetBalance(10);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, host, FindableCompany(server)));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task MaxCredits_caps_every_search_of_the_run_together_and_refuses_the_run_whole()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, host,
            new[] { FindableCompany(server), server.World.CompanyNameOfExhibitor(server.World.ExhibitorIdAt(1)) }, maxCredits: 60));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Contains("100 credits for 2 searches", error.Message);
        Assert.Contains("-MaxCredits 60", error.Message);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }
}
