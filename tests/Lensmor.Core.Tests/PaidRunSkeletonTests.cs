using Lensmor.Core.Errors;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// The paid-run skeleton (PaidRun&lt;TState&gt;) itself: its steps in order, its run checks, and what issue 16.6
/// asks of it: the plan before a refusal under -WhatIf, each prompt's place in the run, one receipt per run.
/// </summary>
public class PaidRunSkeletonTests
{
    private static readonly string[] ThreeEvents = { "139001", "139002", "139003" };

    public static TheoryData<string> Refusals => new() { ErrorIds.MaxCreditsExceeded, ErrorIds.InsufficientCredits, ErrorIds.SpendLimitExceeded };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Under_WhatIf_a_refused_run_shows_every_target_and_the_total_before_the_refusal(string refusal)
    {
        await using var server = await TestSandbox.StartAsync(o => o.SubscriptionBalance = refusal == ErrorIds.InsufficientCredits ? 5000 : 30_050);
        using var session = new LensmorSession(Http.ApiKey.Parse(server.ApiKey, Http.ApiKeySource.Parameter),
            new LensmorConnectionOptions { BaseUri = server.BaseUri.ToString(), SpendLimit = refusal == ErrorIds.SpendLimitExceeded ? 3000 : null });
        var host = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session, maxCredits: refusal == ErrorIds.MaxCreditsExceeded ? 4000 : null);
        foreach (var id in ThreeEvents)
        {
            run.Add(id);
        }

        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal(refusal, error.ErrorId);
        Assert.Contains("6,000 credits for 3 events", error.Message);
        Assert.Equal(ThreeEvents, host.Prompts.Select(p => p.Target.Split('(', ')')[1]));
        Assert.All(host.Prompts, p => Assert.Contains("for 2,000 credits", p.Action));
        Assert.Equal("What if: in total this run would spend 6,000 credits to unlock 3 events.", Assert.Single(host.HostLines));
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task Each_prompt_of_a_run_of_several_states_its_place_and_the_run_total()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var run = new EventUnlockOperation(session);
        foreach (var id in ThreeEvents)
        {
            run.Add(id);
        }

        await run.RunAsync(host);

        var prompts = host.Prompts.ToList();
        Assert.Equal(3, prompts.Count);
        Assert.Equal("Unlock event access for 2,000 credits (1 of 3, run total 6,000 credits; balance 30,050 -> 28,050)", prompts[0].Action);
        Assert.Equal("Unlock event access for 2,000 credits (2 of 3, run total 6,000 credits; balance 28,050 -> 26,050)", prompts[1].Action);
        Assert.Contains("(3 of 3, run total 6,000 credits; balance 26,050 -> 24,050)", prompts[2].Action);
    }

    [Fact]
    public async Task A_run_of_one_target_and_a_WhatIf_line_name_no_place()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var one = RecordingHost.Yes();
        await new EventUnlockOperation(session).UnlockAsync("139001", one);
        var rehearsed = RecordingHost.WhatIf();
        var run = new EventUnlockOperation(session);
        run.Add("139002");
        run.Add("139003");
        await run.RunAsync(rehearsed);

        Assert.Equal("Unlock event access for 2,000 credits (balance 30,050 -> 28,050)", Assert.Single(one.Prompts).Action);
        Assert.All(rehearsed.Prompts, p => Assert.DoesNotContain(" of 2", p.Action));
    }

    [Fact]
    public async Task A_contact_run_writes_one_receipt_for_the_run_that_the_console_shows()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(TestSandbox.PaidEventId, 3);
        var host = RecordingHost.Yes();
        var run = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var id in ids)
        {
            run.Add(id, TestSandbox.PaidEventId);
        }

        await run.RunAsync(host);

        var (data, tags) = Assert.Single(host.InformationRecords);
        var receipt = Assert.IsType<SpendReceipt>(data);
        Assert.Equal(new[] { "Lensmor", "Receipt", "PSHOST" }, tags);
        Assert.Equal("UnlockEmail", receipt.Action);
        Assert.Equal("3 contacts of event " + TestSandbox.PaidEventId, receipt.Target);
        Assert.Equal(45m, receipt.ExpectedCredits);
        Assert.Equal(server.Ledger.Charges.Sum(c => c.Credits), receipt.ChargedCredits);
        Assert.Equal(receipt.BalanceBefore - receipt.ChargedCredits, receipt.BalanceAfter);
        Assert.Equal($"UnlockEmail '3 contacts of event {TestSandbox.PaidEventId}': charged 45 of up to 45 credits (balance 30,050 -> 30,005, traceId {receipt.TraceId})", receipt.ToString());
    }

    [Fact]
    public async Task The_skeleton_plans_every_slice_then_checks_the_run_whole_then_asks_and_sends_each_target_in_order()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var steps = new ScriptedSteps(sliceSize: 1);
        var check = new RecordingCheck(steps.Calls);
        var run = new PaidRun<int>(() => session.Spending, steps, maxCredits: null);
        run.Checks.Add(check);
        foreach (var id in new[] { "a", "b", "a", "free", "bad", "c" })
        {
            run.Gather(id);
        }

        await run.RunAsync(host);

        Assert.Equal(new[] { "plan a", "plan b", "plan free", "plan bad", "plan c", "check 30", "send a", "send b", "send c", "released" }, steps.Calls);
        Assert.Equal(new[] { "a", "b", "c" }, host.Prompts.Select(p => p.Target));
        Assert.Equal("bad", Assert.Single(host.Errors).TargetObject);
        Assert.Equal(new object[] { "row free", "row a", "row b", "row c" }, host.Objects.Select(o => o is SpendReceipt r ? "row " + r.Target : o).ToArray());
        Assert.Equal(3, host.InformationRecords.Count);
    }

    [Fact]
    public async Task A_run_check_that_refuses_stops_the_run_before_any_prompt_and_journals_every_target_as_refused()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var host = RecordingHost.Yes();
        var steps = new ScriptedSteps(sliceSize: 0);
        var run = new PaidRun<int>(() => session.Spending, steps, maxCredits: null);
        run.Checks.Add(new RecordingCheck(steps.Calls, refuse: true));
        run.Gather("a");
        run.Gather("b");

        var error = await Assert.ThrowsAsync<LensmorException>(() => run.RunAsync(host));

        Assert.Equal("LensmorTestRefusal", error.ErrorId);
        Assert.Equal(new[] { "plan a, b", "check 20" }, steps.Calls);
        Assert.Empty(host.Prompts);
        Assert.Equal(2, Operations.SpendLogOperation.Read(session.Journal, host).Count(r => r.Outcome == "Refused"));
    }

    [Fact]
    public void MaxCredits_is_checked_once_when_the_run_is_made_and_a_run_can_be_made_before_a_session_exists()
    {
        var steps = new ScriptedSteps(sliceSize: 1);

        var error = Assert.Throws<LensmorException>(() => new PaidRun<int>(() => throw new InvalidOperationException("no session yet"), steps, -1));
        var run = new PaidRun<int>(() => throw new InvalidOperationException("no session yet"), steps, 10);

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Equal(10m, run.MaxCredits);
    }

    /// <summary>Targets "a", "b", "c" cost 10 each; "free" is free (with a receipt row); "bad" is an error of its own.</summary>
    private sealed class ScriptedSteps : IPaidSteps<int>
    {
        public ScriptedSteps(int sliceSize) => Shape = new PaidRunShape("Test-Skeleton", "thing") { PlanSliceSize = sliceSize };

        public PaidRunShape Shape { get; }

        public List<string> Calls { get; } = new();

        public Task PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<int> plan)
        {
            Calls.Add("plan " + string.Join(", ", targetIds));
            foreach (var id in targetIds)
            {
                var intent = plan.Intent("TestAction", new[] { id });
                if (id == "bad")
                {
                    throw LensmorException.InvalidArgument("bad target", id, "drop it");
                }

                var target = new PlanTarget(id, id, "Do the thing", id == "free" ? 0 : 10);
                if (id == "free")
                {
                    plan.Free(target, intent, "nothing to do", r => "row " + r.Target);
                }
                else
                {
                    plan.Add(target, id[0], intent);
                }
            }

            return Task.CompletedTask;
        }

        public Task<Sent> SendAsync(Planned<int> target, PaidSender sender)
        {
            Calls.Add("send " + target.Target.Id);
            var sent = new Sent(0);
            sent.Rows.Add(new SpendReceipt { Target = target.Target.Id });
            return Task.FromResult(sent);
        }
    }

    private sealed class RecordingCheck : IRunCheck, IDisposable
    {
        private readonly List<string> calls;
        private readonly bool refuse;

        public RecordingCheck(List<string> calls, bool refuse = false)
        {
            this.calls = calls;
            this.refuse = refuse;
        }

        public IDisposable? Check(RunTotals run)
        {
            calls.Add("check " + run.Total);
            return refuse
                ? throw new LensmorException("LensmorTestRefusal", LensmorErrorCategory.QuotaExceeded, "refused", "none", isTerminating: true, "Test")
                : this;
        }

        public void Dispose() => calls.Add("released");
    }
}
