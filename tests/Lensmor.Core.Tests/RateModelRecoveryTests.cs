using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>
/// Issue 13, "found on the way": one 429 from a server that sends no X-RateLimit-* headers left the key paced at
/// the slowest rate (a request every two seconds) until the process ended. And what the model learns must never
/// pace faster than the server refills, however late an answer is read on a loaded machine.
/// </summary>
public class RateModelRecoveryTests
{
    private double now = 1000;
    private double unix = 1_800_000_000.25;

    private RateModel Model() => new(() => now, () => unix);

    private static void Answer(RateModel model, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (sequence, wait) = model.Reserve();
            Assert.Equal(0, wait);
            model.Observe(sequence, null, null);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void After_a_429_from_a_server_without_rate_limit_headers_only_Retry_After_is_waited_and_then_nothing(int retryAfter)
    {
        var model = Model();
        Answer(model, 5);

        model.Throttled(TimeSpan.FromSeconds(retryAfter));

        // Every request waits out Retry-After (the refused one and any other on the key)...
        var (refused, wait) = model.Reserve();
        Assert.Equal(retryAfter, wait, precision: 6);
        var (other, otherWait) = model.Reserve();
        Assert.Equal(retryAfter, otherWait, precision: 6);

        // ...and once it has passed, a server that still says nothing about its limit is not paced at all.
        now += retryAfter;
        model.Observe(refused, null, null);
        model.Observe(other, null, null);
        Answer(model, 300);
        Assert.Null(model.RatePerSecond);
    }

    [Fact]
    public void A_429_before_any_answer_with_headers_does_not_invent_a_limit_but_the_first_headers_still_teach_one()
    {
        var model = Model();
        model.Throttled(TimeSpan.FromSeconds(1));
        now += 1;
        Answer(model, 10);
        Assert.Null(model.RatePerSecond);

        var (sequence, _) = model.Reserve();
        model.Observe(sequence, 0, (long)unix + 10);
        var waits = Enumerable.Range(0, 3).Select(_ => model.Reserve().Wait).ToList();
        Assert.All(waits, w => Assert.True(w > 0, "a server with no requests left paces the next ones"));
    }

    [Fact]
    public async Task Reads_after_a_429_from_a_server_without_rate_limit_headers_are_not_paced()
    {
        // As the issue measured it: Lensmor.Sandbox --no-rate-limit, one injected 429 with Retry-After 0 on a balance read.
        await using var server = await TestSandbox.StartAsync(o => o.RateLimited = false);
        using var session = TestSandbox.Session(server);
        var before = RecordingHost.Yes();
        for (var i = 0; i < 5; i++)
        {
            await BalanceOperation.GetAsync(session, before);
        }

        server.Faults.Add(new SandboxFault("GET", "^/external/credits/balance$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 0 });
        var host = RecordingHost.Yes();
        for (var i = 0; i < 5; i++)
        {
            await BalanceOperation.GetAsync(session, host);
        }

        await EventCatalogOperation.ListAsync(session, host, new EventCatalogOperation.Filter(), new PagingOptions { PageSize = 100, First = 300 });

        // Every event the sandbox has (240) in three pages.
        Assert.Equal(240, host.Objects.Count);
        Assert.Equal(3, server.Requests.Count("GET", "/external/events/list"));
        Assert.Contains(host.Verbose, v => v.Contains("Retry-After"));
        Assert.DoesNotContain(host.Verbose, v => v.StartsWith("Pacing at", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Progress, p => p.ActivityId == RateModel.ProgressActivityId);
        Assert.Null(RateModels.For(session.Connection).RatePerSecond);
    }

    [Fact]
    public void An_answer_read_late_does_not_make_the_reset_look_sooner_than_the_server_saw_it()
    {
        // The server holds 4 and refills 4 a second. Three requests go at once; the third leaves 1, and the bucket
        // is full again at the next whole second, 0.75 s after the server answered. On a loaded machine that answer
        // is read 0.7 s later: measured from then, the reset looks 0.05 s away, a rate of 40 a second.
        var model = Model();
        var sent = Enumerable.Range(0, 3).Select(_ => model.Reserve().Sequence).ToList();
        var reset = (long)Math.Ceiling(unix + 0.75);
        model.Observe(sent[0], 3, reset);
        model.Observe(sent[1], 2, reset);
        now += 0.7;
        unix += 0.7;
        model.Observe(sent[2], 1, reset);

        Assert.InRange(model.RatePerSecond!.Value, 0, 4);
    }

    [Fact]
    public void A_refill_measured_from_an_answer_read_late_is_not_faster_than_the_server()
    {
        // The server holds 100 and refills 5 a second.
        var model = Model();
        var (first, _) = model.Reserve();
        model.Observe(first, 99, (long)unix + 1);

        // Answered at once with 10 left, but read 2 s later.
        var (anchor, _) = model.Reserve();
        now += 2;
        unix += 2;
        model.Observe(anchor, 10, (long)unix + 18);

        // 5 s after the anchor was sent: 25 given back, one taken.
        now += 3;
        unix += 3;
        var (next, _) = model.Reserve();
        model.Observe(next, 34, (long)unix + 14);

        Assert.InRange(model.RatePerSecond!.Value, 0, 5);
    }

    [Fact]
    public void Answers_read_after_the_anchor_but_handled_before_it_are_not_counted_as_refill()
    {
        // The server holds 100 and refills 5 a second.
        var model = Model();
        var (first, _) = model.Reserve();
        model.Observe(first, 99, (long)unix + 1);
        now += 10;
        unix += 10;

        // Six requests go at once; the server handles five of them first (15..11 left), then the sixth (10 left),
        // whose answer is read first. The other five are read a second later.
        var early = Enumerable.Range(0, 5).Select(_ => model.Reserve().Sequence).ToList();
        var (anchor, _) = model.Reserve();
        now += 0.1;
        unix += 0.1;
        model.Observe(anchor, 10, (long)Math.Ceiling(unix + 18));
        now += 0.9;
        unix += 0.9;
        for (var i = 0; i < early.Count; i++)
        {
            model.Observe(early[i], 15 - i, (long)Math.Ceiling(unix + 18));
        }

        // 3 s after they were sent: 14.75 given back since the sixth, one taken.
        now += 2;
        unix += 2;
        var (next, _) = model.Reserve();
        model.Observe(next, 23, (long)Math.Ceiling(unix + 16));

        Assert.InRange(model.RatePerSecond!.Value, 0, 5);
    }
}
