using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class ExhibitorTests
{
    private const string EventId = TestSandbox.PaidEventId;
    private static readonly ExhibitorCatalogOperation.Filter NoFilter = new();

    private static int ListRequests(Lensmor.Sandbox.SandboxServer server) => server.Requests.Count("GET", "/external/exhibitors/list");

    [Fact]
    public async Task A_locked_event_lists_its_preview_with_one_warning_that_names_the_counts_and_the_unlock()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var all = server.World.ExhibitorIdsOfEvent(EventId);

        var written = await ExhibitorCatalogOperation.ListAsync(session, host, EventId, NoFilter, new PagingOptions { PageSize = 20 });

        var rows = host.Output<Exhibitor>().ToList();
        Assert.Equal(50, rows.Count);
        Assert.Equal(written, rows.Count);
        Assert.Equal(all.Take(50), rows.Select(r => r.ExhibitorId));
        Assert.All(rows, r => Assert.Equal(EventId, r.EventId));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.CompanyName)));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.Categories)));
        var warning = Assert.Single(host.Warnings);
        Assert.Contains($"50 of {all.Count}", warning);
        Assert.Contains($"Unlock-LensmorEvent -Id {EventId}", warning);
        Assert.Contains("2,000 credits", warning);
        Assert.Equal(3, ListRequests(server));
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task A_page_past_the_preview_window_is_reported_as_locked_not_empty()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorCatalogOperation.ListAsync(session, host, EventId, NoFilter, new PagingOptions { PageSize = 20, Skip = 60 });

        Assert.Empty(host.Objects);
        var warning = Assert.Single(host.Warnings);
        Assert.Contains("locked, not empty", warning);
        Assert.Contains("Page 4", warning);
        Assert.Equal(1, ListRequests(server));
    }

    [Fact]
    public async Task An_unlocked_event_lists_every_exhibitor_without_a_warning()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorCatalogOperation.ListAsync(session, host, EventId, NoFilter, new PagingOptions { PageSize = 100, IncludeTotalCount = true });

        Assert.Equal(server.World.ExhibitorIdsOfEvent(EventId), host.Output<Exhibitor>().Select(r => r.ExhibitorId));
        Assert.Empty(host.Warnings);
        Assert.Equal(server.World.ExhibitorIdsOfEvent(EventId).Count, Assert.Single(host.TotalCounts));
    }

    [Fact]
    public async Task Filters_are_sent_as_the_api_names_them_and_samples_are_flattened()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorCatalogOperation.ListAsync(session, host, EventId, new ExhibitorCatalogOperation.Filter
        {
            Keyword = "a", Country = "United States", Category = new[] { "Retail", " " }, Industry = new[] { "Software", "Logistics" },
            JobTitle = new[] { "Manager" }, ManagementLevel = new[] { "Director" }, Department = new[] { "Sales" }, PersonnelLimit = 2,
        }, new PagingOptions { First = 1 });

        var query = Uri.UnescapeDataString(Assert.Single(server.Requests.All).Query);
        Assert.Contains("event_id=" + EventId, query);
        Assert.Contains("keyword=a", query);
        Assert.Contains("country=United States", query);
        Assert.Contains("category=Retail", query);
        Assert.DoesNotContain("category= ", query);
        Assert.Contains("industry=Software", query);
        Assert.Contains("industry=Logistics", query);
        Assert.Contains("jobTitle=Manager", query);
        Assert.Contains("managementLevel=Director", query);
        Assert.Contains("department=Sales", query);
        Assert.Contains("personnelLimit=2", query);
    }

    [Fact]
    public async Task A_personnel_sample_lands_in_string_columns()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ExhibitorCatalogOperation.ListAsync(session, host, EventId, new ExhibitorCatalogOperation.Filter { PersonnelLimit = 2 }, new PagingOptions { First = 3 });

        var rows = host.Output<Exhibitor>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(2, r.PersonnelSampleCount);
            Assert.Equal(2, r.PersonnelSample.Split("; ").Length);
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task A_list_without_an_event_is_refused_before_any_request(string? eventId)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCatalogOperation.ListAsync(session, RecordingHost.Yes(), eventId, NoFilter, new PagingOptions()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    public static TheoryData<ExhibitorCatalogOperation.Filter, int?> BadListInput => new()
    {
        { new ExhibitorCatalogOperation.Filter { PersonnelLimit = -1 }, null },
        { new ExhibitorCatalogOperation.Filter { Keyword = new string('k', 201) }, null },
        { new ExhibitorCatalogOperation.Filter { Country = new string('c', 101) }, null },
        { new ExhibitorCatalogOperation.Filter { ManagementLevel = new[] { new string('l', 51) } }, null },
        { new ExhibitorCatalogOperation.Filter(), 0 },
        { new ExhibitorCatalogOperation.Filter(), 101 },
    };

    [Theory]
    [MemberData(nameof(BadListInput))]
    public async Task Bad_list_input_is_refused_before_any_request(ExhibitorCatalogOperation.Filter filter, int? pageSize)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCatalogOperation.ListAsync(session, RecordingHost.Yes(), EventId, filter, new PagingOptions { PageSize = pageSize }));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task A_profile_is_read_by_id_with_its_events()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var exhibitorId = server.World.ExhibitorIdsOfEvent(EventId)[3];

        await ExhibitorCatalogOperation.GetAsync(session, host, exhibitorId);

        var row = Assert.Single(host.Output<Exhibitor>());
        Assert.Equal(exhibitorId, row.ExhibitorId);
        Assert.Equal(EventId, row.EventId);
        Assert.Equal(server.World.CompanyNameOfExhibitor(exhibitorId), row.CompanyName);
        Assert.Equal(EventId, row.MatchedEventIds);
        Assert.Equal("CES 2027", row.EventNames);
        Assert.Contains("exhibitor_id=" + exhibitorId, Assert.Single(server.Requests.All).Query);
    }

    [Fact]
    public async Task An_unknown_exhibitor_is_not_found_per_item()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCatalogOperation.GetAsync(session, RecordingHost.Yes(), "1"));

        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
        Assert.False(error.IsTerminating);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5000/01")]
    public async Task A_bad_exhibitor_id_is_refused_before_any_request(string? id)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var profile = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorCatalogOperation.GetAsync(session, host, id));
        var events = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventsOperation.ListAsync(session, host, id, new PagingOptions()));

        Assert.Equal(ErrorIds.InvalidArgument, profile.ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, events.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task The_events_of_an_exhibitor_stream_as_event_rows()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var exhibitorId = server.World.ExhibitorIdsOfEvent(EventId)[0];

        await ExhibitorEventsOperation.ListAsync(session, host, exhibitorId, new PagingOptions { IncludeTotalCount = true });

        var ev = Assert.Single(host.Output<Event>());
        Assert.Equal(EventId, ev.EventId);
        Assert.Equal("CES 2027", ev.Name);
        Assert.Equal(1, Assert.Single(host.TotalCounts));
        var query = Assert.Single(server.Requests.All).Query;
        Assert.Contains("exhibitor_id=" + exhibitorId, query);
        Assert.Contains("page=1", query);
    }

    [Fact]
    public async Task Find_pages_in_the_json_body_and_streams_until_first_is_met()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var written = await ExhibitorSearchOperation.FindAsync(session, host, "https://acme.example", "retail operations leaders", new PagingOptions { PageSize = 20, First = 45 });

        Assert.Equal(45, written);
        var rows = host.Output<Exhibitor>().ToList();
        Assert.Equal(45, rows.Select(r => r.ExhibitorId).Distinct().Count());
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.EventId)));
        var requests = server.Requests.All.Where(r => r.Path == "/external/exhibitors/search").ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("POST", r.Method));
        Assert.All(requests, r => Assert.Equal(string.Empty, r.Query));
        // Pages 2 and 3 are prefetched together, so the server may see them in either order.
        var pages = requests.Select(r => (int)Newtonsoft.Json.Linq.JObject.Parse(r.Body!)["page"]!).OrderBy(p => p);
        Assert.Equal(new[] { 1, 2, 3 }, pages);
        Assert.All(requests, r => Assert.Contains("\"pageSize\":20", r.Body));
        Assert.All(requests, r => Assert.Contains("\"company_url\":\"https://acme.example\"", r.Body));
        Assert.All(requests, r => Assert.Contains("\"target_audience\":\"retail operations leaders\"", r.Body));
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task Find_with_skip_starts_at_the_right_body_page()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var all = RecordingHost.Yes();
        await ExhibitorSearchOperation.FindAsync(session, all, null, "logistics buyers", new PagingOptions { PageSize = 10, First = 30 });
        server.Requests.Clear();
        var host = RecordingHost.Yes();

        await ExhibitorSearchOperation.FindAsync(session, host, null, "logistics buyers", new PagingOptions { PageSize = 10, Skip = 25, First = 3 });

        Assert.Equal(all.Output<Exhibitor>().Skip(25).Take(3).Select(e => e.ExhibitorId), host.Output<Exhibitor>().Select(e => e.ExhibitorId));
        Assert.Contains("\"page\":3", Assert.Single(server.Requests.All).Body);
    }

    [Fact]
    public async Task Find_reads_a_bare_domain_as_https()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await ExhibitorSearchOperation.FindAsync(session, RecordingHost.Yes(), "acme.example", null, new PagingOptions { First = 1 });

        var body = Assert.Single(server.Requests.All).Body;
        Assert.Contains("\"company_url\":\"https://acme.example\"", body);
        Assert.DoesNotContain("target_audience", body);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "  ")]
    [InlineData("not a url", null)]
    [InlineData("ftp://acme.example", null)]
    public async Task Find_without_a_usable_profile_is_refused_before_any_request(string? url, string? audience)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorSearchOperation.FindAsync(session, RecordingHost.Yes(), url, audience, new PagingOptions()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }
}
