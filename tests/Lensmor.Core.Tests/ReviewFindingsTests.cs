using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>Paths a review found where credits could be spent twice or go uncounted.</summary>
public class ReviewFindingsTests
{
    [Fact]
    public async Task A_run_whose_first_request_was_rejected_and_a_later_one_lost_stays_open()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("POST", "^/external/personnel/generate-outreach-message$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 400 });
        server.Faults.Add(new SandboxFault("POST", "^/external/personnel/generate-outreach-message$", SandboxFaultKind.DelayAfterExecute) { DelayMs = 2500 });
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(1));
        OutreachMessageOperation Run()
        {
            var run = new OutreachMessageOperation(session, new[] { "email" }, null);
            run.Add(server.World.PersonnelIdsOfEvent(server.World.EventIdAt(0), 1)[0], server.World.EventIdAt(0));
            run.Add(server.World.PersonnelIdsOfEvent(server.World.EventIdAt(1), 1)[0], server.World.EventIdAt(1));
            return run;
        }

        var first = await Assert.ThrowsAsync<LensmorException>(() => Run().RunAsync(RecordingHost.Yes()));
        Assert.Equal(ErrorIds.OutcomeUnknown, first.ErrorId);
        Assert.True(await Eventually.HoldsAsync(() => server.Ledger.Charges.Count == 1));

        var again = await Assert.ThrowsAsync<LensmorException>(() => Run().RunAsync(RecordingHost.Yes()));

        Assert.Equal(ErrorIds.IntentUnsettled, again.ErrorId);
        Assert.Single(server.Ledger.Charges);
        Assert.Equal("Unknown", Assert.Single(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes())).Outcome);
    }

    [Fact]
    public async Task RetryUnsettled_rehearsed_with_WhatIf_leaves_the_earlier_attempt_open()
    {
        await using var server = await TestSandbox.StartAsync();
        var company = PaidScenario.FindableCompany(server);
        server.Faults.Add(new SandboxFault("POST", "^/external/exhibitors/search-events$", SandboxFaultKind.DropAfterExecute));
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company));

        await ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.WhatIf(), company, retryUnsettled: true);
        await ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.No(), company, retryUnsettled: true);
        var plain = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company));

        Assert.Equal(ErrorIds.IntentUnsettled, plain.ErrorId);
        Assert.Single(server.Ledger.Charges);
    }

    [Fact]
    public void The_spend_limit_holds_what_is_being_spent_so_parallel_runs_cannot_all_pass()
    {
        var limit = new SpendLimit(2500);

        limit.Reserve(2000, "139001");
        var second = Assert.Throws<LensmorException>(() => limit.Reserve(2000, "139002"));
        limit.Release(2000);
        limit.Reserve(2000, "139002");
        limit.Commit(2000, 2000);

        Assert.Equal(ErrorIds.SpendLimitExceeded, second.ErrorId);
        Assert.Equal(2000m, limit.Spent);
        Assert.Equal(500m, limit.Remaining);
    }

    [Fact]
    public async Task Concurrent_unlocks_under_one_session_limit_spend_at_most_the_limit()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = new LensmorSession(ApiKey.Parse(server.ApiKey, ApiKeySource.Parameter),
            new LensmorConnectionOptions { BaseUri = server.BaseUri.ToString(), SpendLimit = 4000 });

        var runs = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await new EventUnlockOperation(session).UnlockAsync(server.World.EventIdAt(i), RecordingHost.Yes());
                return null;
            }
            catch (LensmorException e)
            {
                return e.ErrorId;
            }
        })).ToList();
        var outcomes = await Task.WhenAll(runs);

        Assert.Equal(2, server.Ledger.Charges.Count);
        Assert.Equal(4, outcomes.Count(o => o == ErrorIds.SpendLimitExceeded));
        Assert.Equal(4000m, session.SpendLimit.Spent);
    }

    [Fact]
    public async Task A_search_whose_results_are_cut_short_by_the_pipeline_is_still_recorded_as_charged()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var pipeline = new StoppingPipeline(1);

        Assert.Throws<StoppingPipeline.Stopped>(() => PipelineBridge.Run(pipeline, CancellationToken.None,
            host => ExhibitorEventSearchOperation.RunAsync(session, host, PaidScenario.FindableCompany(server))));

        Assert.Single(server.Ledger.Charges);
        Assert.Equal(50m, session.SpendLimit.Spent);
        Assert.Equal("Charged", Assert.Single(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes())).Outcome);
    }

    [Fact]
    public void Connecting_again_for_the_same_account_keeps_what_was_spent()
    {
        var resolver = new SessionResolver();
        var first = new LensmorSession(ApiKey.Parse("sk_same_account_123456", ApiKeySource.Parameter), new LensmorConnectionOptions { SpendLimit = 1000 });
        resolver.Connect(first);
        first.SpendLimit.Record(1000);

        var second = new LensmorSession(ApiKey.Parse("sk_same_account_123456", ApiKeySource.Parameter), new LensmorConnectionOptions { SpendLimit = 1500 });
        resolver.Connect(second);
        var other = new LensmorSession(ApiKey.Parse("sk_other_account_123456", ApiKeySource.Parameter), new LensmorConnectionOptions { SpendLimit = 1500 });
        resolver.Connect(other);

        Assert.Equal(1000m, second.SpendLimit.Spent);
        Assert.Equal(500m, second.SpendLimit.Remaining);
        Assert.Equal(0m, other.SpendLimit.Spent);
    }
}
