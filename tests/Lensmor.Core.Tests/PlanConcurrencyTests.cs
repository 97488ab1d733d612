using Lensmor.Core.Errors;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// Issue 13.3: a run's plan reads go out together, bounded, and what they say is written in input order. Proved
/// with reads that wait for one another (a plan that read one at a time could never finish them; the guard token
/// turns that into a failure instead of a hang), never with timings.
/// </summary>
public class PlanConcurrencyTests
{
    private static CancellationToken Guard() => new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;

    [Fact]
    public async Task The_skeleton_plans_several_slices_at_once_and_writes_them_in_the_order_they_were_gathered()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = new RecordingHost(answer: false, whatIf: true, token: Guard());
        var steps = new WaitingSteps(host.CancellationToken);
        var run = new PaidRun<int>(() => session.Spending, steps, maxCredits: null);
        foreach (var id in new[] { "a", "b", "c" })
        {
            run.Gather(id);
        }

        await run.RunAsync(host);

        // "a" finished last (it waited for "b", which waited for "c"), yet its line comes first.
        Assert.Equal(new[] { "c", "b", "a" }, steps.Finished);
        Assert.Equal(new[] { "a", "b", "c" }, host.Prompts.Select(p => p.Target));
        Assert.Equal(new[] { "note a", "note b", "note c" }, host.Verbose.Where(v => v.StartsWith("note", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reads_run_at_most_the_limit_at_once_and_answer_in_the_order_asked()
    {
        var running = 0;
        var most = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var items = Enumerable.Range(0, 12).ToList();

        var reading = PlanReads.AllAsync(items, async i =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            if (now == 3)
            {
                release.TrySetResult();
            }

            await release.Task.WaitAsync(Guard());
            Interlocked.Decrement(ref running);
            return i * 10;
        }, Guard(), limit: 3);

        Assert.Equal(items.Select(i => i * 10), await reading);
        Assert.Equal(3, most);
    }

    [Fact]
    public async Task The_first_failure_stops_the_reads_not_yet_started_and_is_thrown_once_the_others_end()
    {
        var started = new List<int>();
        var error = await Assert.ThrowsAsync<LensmorException>(() => PlanReads.AllAsync(Enumerable.Range(0, 20), async i =>
        {
            lock (started)
            {
                started.Add(i);
            }

            if (i == 1)
            {
                throw new LensmorException(ErrorIds.Unauthorized, LensmorErrorCategory.AuthenticationError, "no", "reconnect", true);
            }

            await Task.Yield();
            return i;
        }, Guard(), limit: 2));

        Assert.Equal(ErrorIds.Unauthorized, error.ErrorId);
        Assert.Equal(new[] { 0, 1 }, started);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Plans one target per slice: "a" waits until "b" has finished, "b" until "c" has.</summary>
    private sealed class WaitingSteps(CancellationToken guard) : IPaidSteps<int>
    {
        private readonly TaskCompletionSource bFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource cFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PaidRunShape Shape { get; } = new("Test-Concurrent", "thing") { PlanSliceSize = 1 };

        public List<string> Finished { get; } = new();

        public async Task PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<int> plan)
        {
            var id = targetIds[0];
            if (id == "a")
            {
                await bFinished.Task.WaitAsync(guard);
            }
            else if (id == "b")
            {
                await cFinished.Task.WaitAsync(guard);
            }

            plan.Verbose("note " + id);
            plan.Add(new PlanTarget(id, id, "Do the thing", 10), 0, plan.Intent("TestAction", new[] { id }));
            lock (Finished)
            {
                Finished.Add(id);
            }

            (id == "b" ? bFinished : id == "c" ? cFinished : null)?.TrySetResult();
        }

        public Task<Sent> SendAsync(Planned<int> target, PaidSender sender) => throw new InvalidOperationException("-WhatIf sends nothing");
    }
}
