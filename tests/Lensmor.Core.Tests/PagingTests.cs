using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class PagingTests
{
    private static readonly EventCatalogOperation.Filter AllEvents = new();

    private static int ListRequests(Lensmor.Sandbox.SandboxServer server) => server.Requests.Count("GET", "/external/events/list");

    [Fact]
    public async Task The_whole_catalogue_streams_once_without_duplicates()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var written = await EventCatalogOperation.ListAsync(session, host, AllEvents, new PagingOptions { PageSize = 50, IncludeTotalCount = true });

        var events = host.Output<Event>().ToList();
        Assert.Equal(written, events.Count);
        Assert.True(events.Count > 50, "the catalogue must span several pages");
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(events.Count, Assert.Single(host.TotalCounts));
        Assert.Equal((events.Count + 49) / 50, ListRequests(server));
    }

    [Fact]
    public async Task First_stops_the_requests_once_it_has_enough()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await EventCatalogOperation.ListAsync(session, host, AllEvents, new PagingOptions { PageSize = 20, First = 45 });

        Assert.Equal(45, host.Output<Event>().Count());
        Assert.Equal(3, ListRequests(server));
    }

    [Fact]
    public async Task Skip_starts_inside_the_right_page()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var all = RecordingHost.Yes();
        await EventCatalogOperation.ListAsync(session, all, AllEvents, new PagingOptions { PageSize = 20, First = 30 });
        server.Requests.Clear();
        var host = RecordingHost.Yes();

        await EventCatalogOperation.ListAsync(session, host, AllEvents, new PagingOptions { PageSize = 20, Skip = 25, First = 3 });

        Assert.Equal(all.Output<Event>().Skip(25).Take(3).Select(e => e.EventId), host.Output<Event>().Select(e => e.EventId));
        Assert.Equal(1, ListRequests(server));
        Assert.Contains("page=2", Assert.Single(server.Requests.All).Query);
    }

    [Fact]
    public async Task A_pipeline_that_stops_after_five_items_stops_the_requests()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var paging = new PagingOptions { PageSize = 10 };
        var all = RecordingHost.Yes();
        await EventCatalogOperation.ListAsync(session, all, AllEvents, paging);
        var wholeCatalogue = ListRequests(server);
        server.Requests.Clear();
        var pipeline = new StoppingPipeline(5);

        Assert.Throws<StoppingPipeline.Stopped>(() => PipelineBridge.Run(pipeline, CancellationToken.None,
            host => EventCatalogOperation.ListAsync(session, host, AllEvents, paging)));

        // The sandbox logs a request once it has answered it: let those in flight land before counting.
        await Task.Delay(300);
        var requestedWhenStopped = ListRequests(server);
        await Task.Delay(300);

        // Ahead of the pipeline there can be at most the bridge's queue of written items and the pages in flight.
        var bound = 1 + paging.Prefetch + (PipelineBridge.DefaultCapacity + 9) / 10;
        Assert.Equal(5, pipeline.Count);
        Assert.True(bound < wholeCatalogue, $"the catalogue ({wholeCatalogue} pages) must be longer than the bound ({bound})");
        Assert.True(requestedWhenStopped <= bound, $"{requestedWhenStopped} pages were requested for five items (bound {bound})");
        Assert.Equal(requestedWhenStopped, ListRequests(server));
    }

    [Fact]
    public async Task With_latency_pages_are_fetched_ahead_and_in_order()
    {
        await using var server = await TestSandbox.StartAsync(o => o.LatencyMs = 40);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var sequential = RecordingHost.Yes();

        await EventCatalogOperation.ListAsync(session, sequential, AllEvents, new PagingOptions { PageSize = 10, First = 80, Prefetch = 0 });
        await EventCatalogOperation.ListAsync(session, host, AllEvents, new PagingOptions { PageSize = 10, First = 80 });

        Assert.Equal(sequential.Output<Event>().Select(e => e.EventId), host.Output<Event>().Select(e => e.EventId));
        Assert.Equal(16, ListRequests(server));
    }

    [Fact]
    public async Task Prefetching_is_paced_by_the_rate_limit_instead_of_running_into_429s()
    {
        await using var server = await TestSandbox.StartAsync(o => { o.RateLimitPerSecond = 4; o.RateLimitBurst = 4; });
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await EventCatalogOperation.ListAsync(session, host, AllEvents, new PagingOptions { PageSize = 20, First = 160 });

        Assert.Equal(160, host.Output<Event>().Count());
        Assert.Equal(8, ListRequests(server));
        Assert.DoesNotContain(server.Requests.All, r => r.StatusCode == 429);
    }

    [Fact]
    public async Task Filters_are_sent_as_the_api_names_them()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await EventCatalogOperation.ListAsync(session, RecordingHost.Yes(), new EventCatalogOperation.Filter
        {
            Keyword = "Expo", Country = "United States", StartFrom = new DateTime(2027, 1, 1), StartTo = new DateTime(2027, 12, 31), EventType = new[] { "expo_led", "hybrid" },
        }, new PagingOptions { First = 1 });

        var query = Uri.UnescapeDataString(Assert.Single(server.Requests.All).Query);
        Assert.Contains("keyword=Expo", query);
        Assert.Contains("country=United States", query);
        Assert.Contains("date_start_from=2027-01-01", query);
        Assert.Contains("date_start_to=2027-12-31", query);
        Assert.Contains("event_type=expo_led", query);
        Assert.Contains("event_type=hybrid", query);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_page_size_out_of_range_is_refused_before_any_request(int pageSize)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => EventCatalogOperation.ListAsync(session, RecordingHost.Yes(), AllEvents, new PagingOptions { PageSize = pageSize }));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task An_event_is_read_by_id_with_its_detail()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await EventCatalogOperation.GetAsync(session, host, TestSandbox.PaidEventId);

        var ev = Assert.Single(host.Output<Event>());
        Assert.Equal(TestSandbox.PaidEventId, ev.EventId);
        Assert.Equal("CES 2027", ev.Name);
    }
}
