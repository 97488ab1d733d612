using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>Piped events read ahead, at most -ThrottleLimit at a time, written in input order.</summary>
public class OrderedPipelineTests
{
    private const string PersonnelRoute = "/external/personnel/list";

    private static List<string> Events(SandboxServer server, int count)
    {
        var events = Enumerable.Range(1, count).Select(server.World.EventIdAt).ToList();
        events.ForEach(server.World.MarkEventUnlocked);
        return events;
    }

    private static Func<ILensmorHost, Task> People(Session.LensmorSession session, string eventId, PagingOptions? paging = null) =>
        host => PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId }, paging ?? new PagingOptions { PageSize = 20 });

    [Fact]
    public async Task Rows_come_in_input_order_exactly_as_one_event_after_another_would_write_them()
    {
        await using var server = await TestSandbox.StartAsync(o => o.LatencyMs = 5);
        using var session = TestSandbox.Session(server);
        var events = Events(server, 10);
        var sequential = new RecordingPipeline();
        foreach (var eventId in events)
        {
            PipelineBridge.Run(sequential, CancellationToken.None, People(session, eventId));
        }

        // A 429 on the way changes nothing but the wait.
        server.Faults.Add(new SandboxFault("GET", "^/external/personnel/list$", SandboxFaultKind.StatusBeforeExecute, Times: 3) { StatusCode = 429, RetryAfterSeconds = 0 });
        var ordered = new RecordingPipeline();
        using (var pipeline = new OrderedPipeline(ordered, CancellationToken.None, 4, e => ordered.Calls.Add("error " + e.ErrorId)))
        {
            foreach (var eventId in events)
            {
                pipeline.Add(People(session, eventId));
            }

            pipeline.Complete();
        }

        Assert.True(sequential.Objects.Count > 500);
        // Everything but the lines about the rate limit (the 429 retries), in the same order.
        Assert.Equal(sequential.Calls.Where(c => !c.Contains("rate limit", StringComparison.Ordinal)), ordered.Calls.Where(c => !c.Contains("rate limit", StringComparison.Ordinal)));
        Assert.Equal(3, server.Requests.All.Count(r => r.StatusCode == 429));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void A_throttle_limit_out_of_range_is_refused_before_anything_runs(int throttleLimit)
    {
        var error = Assert.Throws<LensmorException>(() => new OrderedPipeline(new RecordingPipeline(), CancellationToken.None, throttleLimit, e => { }));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("-ThrottleLimit", error.Message);
    }

    [Fact]
    public async Task A_failing_event_is_reported_in_its_place_and_the_others_go_on()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var events = Events(server, 3);
        var ordered = new RecordingPipeline();
        using var pipeline = new OrderedPipeline(ordered, CancellationToken.None, 4, e => ordered.Calls.Add("error " + e.ErrorId));

        pipeline.Add(People(session, events[0]));
        pipeline.Add(People(session, "999999999"));
        pipeline.Add(People(session, events[2]));
        pipeline.Complete();

        var error = ordered.Calls.FindIndex(c => c.StartsWith("error ", StringComparison.Ordinal));
        Assert.Equal("error " + ErrorIds.NotFound, ordered.Calls[error]);
        Assert.All(ordered.Calls.Take(error).Where(c => c.StartsWith("object", StringComparison.Ordinal)), c => Assert.Contains(":" + events[0], c));
        Assert.Contains(ordered.Calls.Take(error), c => c.StartsWith("object", StringComparison.Ordinal));
        Assert.All(ordered.Calls.Skip(error + 1).Where(c => c.StartsWith("object", StringComparison.Ordinal)), c => Assert.Contains(":" + events[2], c));
        Assert.Contains(ordered.Calls.Skip(error + 1), c => c.StartsWith("object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_after_five_rows_stops_the_requests_of_every_event_read_ahead()
    {
        await using var server = await TestSandbox.StartAsync(o => o.LatencyMs = 5);
        using var session = TestSandbox.Session(server);
        var events = Events(server, 40);
        var paging = new PagingOptions { PageSize = 10 };
        const int limit = 3, capacity = 30;
        var pipeline = new RecordingPipeline(stopAfter: 5);
        using var ordered = new OrderedPipeline(pipeline, CancellationToken.None, limit, e => { }, capacity);

        Assert.Throws<RecordingPipeline.Stopped>(() =>
        {
            foreach (var eventId in events)
            {
                ordered.Add(People(session, eventId, paging));
            }
        });

        // The sandbox logs a request once it has answered it: let those in flight land before counting.
        await Task.Delay(300);
        var requested = server.Requests.Count("GET", PersonnelRoute);
        await Task.Delay(300);

        // Each event read ahead holds at most its queue of rows and the pages in flight.
        var bound = limit * (1 + paging.Prefetch + (capacity / 10) + 1);
        Assert.Equal(5, pipeline.Objects.Count);
        Assert.True(requested <= bound, $"{requested} pages were requested for five rows (bound {bound})");
        Assert.Equal(requested, server.Requests.Count("GET", PersonnelRoute));
    }

    [Fact]
    public async Task Events_read_ahead_stop_fetching_once_their_queue_is_full()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var events = Events(server, 2);
        var paging = new PagingOptions { PageSize = 5 };
        const int capacity = 10;
        var pages = events.Sum(e => (server.World.PersonnelIdsOfEvent(e, int.MaxValue).Count + 4) / 5);
        var pipeline = new RecordingPipeline();
        using var ordered = new OrderedPipeline(pipeline, CancellationToken.None, 2, e => { }, capacity);

        // Nobody drains after these two: both run until their queues are full, and stop there.
        ordered.Add(People(session, events[0], paging));
        ordered.Add(People(session, events[1], paging));
        Assert.True(await Eventually.HoldsAsync(() => server.Requests.Count("GET", PersonnelRoute) >= 4));
        await Task.Delay(500);
        var requested = server.Requests.Count("GET", PersonnelRoute);

        var bound = 2 * (1 + paging.Prefetch + (capacity / 5) + 1);
        Assert.True(bound < pages, $"the two events ({pages} pages) must be longer than the bound ({bound})");
        Assert.True(requested <= bound, $"{requested} pages requested with nobody reading (bound {bound})");

        ordered.Complete();
        Assert.Equal(events.Sum(e => server.World.PersonnelIdsOfEvent(e, int.MaxValue).Count), pipeline.Objects.Count);
    }

    [Fact]
    public async Task A_long_list_with_a_known_total_shows_progress_and_completes_it()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var eventId = Events(server, 1)[0];

        await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId }, new PagingOptions { PageSize = 10 });

        var bars = host.Progress.Where(p => p.ActivityId == Pager<object>.ProgressActivityId).ToList();
        Assert.True(bars.Count > 3);
        Assert.Contains(" of ", bars[0].Status);
        Assert.Equal(bars.Take(bars.Count - 1).Select(b => b.PercentComplete).OrderBy(p => p), bars.Take(bars.Count - 1).Select(b => b.PercentComplete));
        Assert.True(bars[^1].Completed);
        Assert.Single(bars, b => b.Completed);
    }

    private sealed class RecordingPipeline : IPipelineHost
    {
        private readonly int stopAfter;

        public RecordingPipeline(int stopAfter = int.MaxValue) => this.stopAfter = stopAfter;

        public sealed class Stopped : Exception
        {
        }

        public List<string> Calls { get; } = new();
        public List<object> Objects { get; } = new();
        public bool IsWhatIf => false;
        public bool IsDebugEnabled => false;
        public bool ShouldProcess(string target, string action) => true;

        public void WriteObject(object item)
        {
            Objects.Add(item);
            Calls.Add(item is Personnel p ? $"object {p.PersonnelId}:{p.EventId}" : "object " + item);
            if (Objects.Count >= stopAfter)
            {
                throw new Stopped();
            }
        }

        public void WriteError(LensmorException error) => Calls.Add("error " + error.ErrorId);
        public void WriteVerbose(string message) => Calls.Add("verbose " + message);
        public void WriteDebug(string message) { }
        public void WriteWarning(string message) => Calls.Add("warning " + message);
        public void WriteInformation(object data, string[] tags) => Calls.Add("information " + data);
        public void WriteHostLine(string message) => Calls.Add("host " + message);
        public void WriteProgress(LensmorProgress progress) => Calls.Add($"progress {progress.Activity} {progress.Status}");
        public void WriteTotalCount(long total) => Calls.Add("total " + total);
    }
}
