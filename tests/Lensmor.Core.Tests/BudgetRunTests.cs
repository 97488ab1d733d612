using Lensmor.Core.Errors;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// Budgets in every paid run (step 3 of the skeleton): a run over what a budget has left is refused whole before
/// any prompt, a real run reserves its total and gives each target back as it settles, -WhatIf holds nothing and
/// shows the budget line, and runs sharing a journal never spend past it together (asserted on the ledger).
/// </summary>
public sealed class BudgetRunTests : IDisposable
{
    private readonly TempJournal temp = new();

    public void Dispose() => temp.Dispose();

    private BudgetBook Book => new(temp.Journal);

    [Fact]
    public async Task A_run_over_the_budget_is_refused_whole_before_any_prompt_naming_period_spent_and_remaining()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        Book.Set(session.Account, BudgetPeriod.Day, 5000);
        await new EventUnlockOperation(session).UnlockAsync("139001", RecordingHost.Yes());
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session);
        run.Add("139002");
        run.Add("139003");

        var refused = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal(ErrorIds.BudgetExceeded, refused.ErrorId);
        Assert.StartsWith("This run would cost 4,000 credits, but the Day budget of 5,000 credits has 3,000 left (2,000 spent since ", refused.Message, StringComparison.Ordinal);
        Assert.Empty(host.Prompts);
        Assert.Single(server.Ledger.Charges);
        Assert.Contains(temp.Journal.ReadActive(null), r => r.Outcome == "refused" && r.Note == ErrorIds.BudgetExceeded);
    }

    [Fact]
    public async Task Without_a_published_price_what_the_budget_had_left_caps_the_run_request_by_request()
    {
        // LinkedIn activity has no published price (the sandbox charges 5 a person): a Day budget with 12 left
        // lets the first person through, learns the price, and does not send the next three (15 more would cross it).
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        Book.Set(session.Account, BudgetPeriod.Day, 12);
        var run = new LinkedInActivityUnlockOperation(session);
        foreach (var id in server.World.PersonnelIdsOfEvent(TestSandbox.PaidEventId, 4))
        {
            run.Add(id, TestSandbox.PaidEventId);
        }

        var refused = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(RecordingHost.Yes()));

        Assert.Equal(ErrorIds.BudgetExceeded, refused.ErrorId);
        Assert.Single(server.Requests.Paid);
        Assert.True(server.Ledger.Charges.Sum(c => c.Credits) <= 12);
        Assert.Equal(0m, Book.Get(session.Account).Single().Reserved);
    }

    [Fact]
    public async Task WhatIf_shows_the_budget_line_and_holds_nothing()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        Book.Set(session.Account, BudgetPeriod.Day, 10000);
        var host = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session);
        run.Add("139001");
        run.Add("139002");
        await run.RunAsync(host);

        Assert.Equal("What if: the Day budget of 10,000 credits has 10,000 left; this run would leave 6,000.", host.HostLines.Last());
        Assert.Equal(0m, Book.Get(session.Account).Single().Reserved);
        Assert.Equal(0, TestSandbox.PaidRequests(server));
    }

    [Fact]
    public async Task A_run_holds_its_total_and_gives_each_target_back_as_it_settles_or_is_declined()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        Book.Set(session.Account, BudgetPeriod.Day, 10000);
        var seen = new List<(decimal Reserved, decimal Spent)>();
        var host = new RecordingHost(answer: true);
        host.OnPrompt = () => seen.Add(Standing(session));
        var run = new EventUnlockOperation(session);
        new[] { "139001", "139002", "139003" }.ToList().ForEach(run.Add);

        await run.RunAsync(host);
        var declined = new RecordingHost(answer: false);
        var second = new EventUnlockOperation(session);
        second.Add("139004");
        await second.RunAsync(declined);

        Assert.Equal(new[] { (6000m, 0m), (4000m, 2000m), (2000m, 4000m) }, seen);
        var after = Book.Get(session.Account).Single();
        Assert.Equal((0m, 6000m, 4000m), (after.Reserved, after.Spent, after.Remaining));
    }

    [Fact]
    public async Task Runs_starting_together_in_separate_sessions_never_spend_past_the_budget()
    {
        await using var server = await TestSandbox.StartAsync();
        using var first = temp.Session(server);
        using var second = new TempJournalSession(temp, server).Session; // its own IntentJournal on the same file, as another process has
        Book.Set(first.Account, BudgetPeriod.Day, 5000);
        var start = new TaskCompletionSource();

        async Task<string> Unlock(Lensmor.Core.Session.LensmorSession session, string a, string b)
        {
            await start.Task;
            var run = new EventUnlockOperation(session);
            run.Add(a);
            run.Add(b);
            try
            {
                await run.RunAsync(RecordingHost.Yes());
                return "spent";
            }
            catch (LensmorException e)
            {
                return e.ErrorId;
            }
        }

        var runs = new[] { Task.Run(() => Unlock(first, "139001", "139002")), Task.Run(() => Unlock(second, "139003", "139004")) };
        start.SetResult();
        var outcomes = await Task.WhenAll(runs);

        Assert.Equal(new[] { ErrorIds.BudgetExceeded, "spent" }, outcomes.OrderBy(o => o, StringComparer.Ordinal));
        Assert.Equal(4000m, server.Ledger.Charges.Sum(c => c.Credits));
        Assert.Equal(0m, Book.Get(first.Account).Single().Reserved);
    }

    [Fact]
    public void A_run_without_a_published_price_stops_where_the_budget_would_be_crossed()
    {
        var meter = new SpendMeter(maxCredits: 500, new SpendLimit(null), budgetLeft: 120);
        meter.Record(100, 1);

        var refusal = meter.Refusal(people: 2, notSent: 2);

        Assert.Equal((120m, "the budget"), (meter.Cap!.Value, meter.CapName));
        Assert.Equal(ErrorIds.BudgetExceeded, refusal!.ErrorId);
        Assert.Contains("Set-LensmorBudget", refusal.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal("-MaxCredits", new SpendMeter(100, new SpendLimit(null), budgetLeft: 100).CapName); // a tie is -MaxCredits'
    }

    /// <summary>What the account's budget holds and has spent now (read from another BudgetBook, as another process would).</summary>
    private (decimal Reserved, decimal Spent) Standing(Lensmor.Core.Session.LensmorSession session)
    {
        var budget = new BudgetBook(new IntentJournal(temp.Path)).Get(session.Account).Single();
        return (budget.Reserved, budget.Spent);
    }

    /// <summary>A second session on the same journal file with an IntentJournal instance of its own.</summary>
    private sealed class TempJournalSession(TempJournal temp, Lensmor.Sandbox.SandboxServer server)
    {
        public Lensmor.Core.Session.LensmorSession Session { get; } = new(
            Http.ApiKey.Parse(server.ApiKey, Http.ApiKeySource.Parameter),
            new Session.LensmorConnectionOptions { BaseUri = server.BaseUri.ToString(), Journal = new IntentJournal(temp.Path) });
    }
}
