using System.Net;
using System.Text;
using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class RecommendationTests
{
    private const string EventsRoute = "/external/profile-matching/actions/apply-recommended-events/paged";
    private const string ExhibitorsRoute = "/external/profile-matching/recommendations/exhibitors";

    [Fact]
    public async Task Recommended_events_stream_from_body_pages_with_their_match_score()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var written = await RecommendedEventOperation.ListAsync(session, host, new RecommendedEventOperation.Filter { CompanyUrl = "https://acme.example" },
            new PagingOptions { PageSize = 50, IncludeTotalCount = true });

        var rows = host.Output<RecommendedEvent>().ToList();
        Assert.Equal(written, rows.Count);
        Assert.Equal(server.World.EventCount, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.EventId).Distinct().Count());
        Assert.All(rows, r => Assert.InRange(r.MatchScore!.Value, 0m, 1m));
        Assert.Equal(rows.Select(r => r.MatchScore).OrderByDescending(s => s), rows.Select(r => r.MatchScore));
        Assert.All(rows, r => Assert.Equal(1, r.ProfileVersion));
        Assert.All(rows, r => Assert.False(r.IsStale));
        Assert.Equal(server.World.EventCount, Assert.Single(host.TotalCounts));
        var requests = server.Requests.All.Where(r => r.Path == EventsRoute).ToList();
        Assert.Equal((server.World.EventCount + 49) / 50, requests.Count);
        Assert.All(requests, r => Assert.Equal(string.Empty, r.Query));
        // Pages in flight together can be logged in any order: each page is asked for once.
        var pages = requests.Select(r => int.Parse(System.Text.RegularExpressions.Regex.Match(r.Body!, "\"page\":(\\d+)").Groups[1].Value)).OrderBy(p => p);
        Assert.Equal(Enumerable.Range(1, requests.Count), pages);
        Assert.Empty(host.Warnings);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task Filters_go_in_the_body_as_the_api_names_them()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await RecommendedEventOperation.ListAsync(session, RecordingHost.Yes(), new RecommendedEventOperation.Filter
        {
            TargetAudience = "retail buyers", Country = "United States", City = "Las Vegas", Region = "NV", Category = new[] { "Retail" }, EventTypeId = new[] { 1, 2 },
            StartFrom = new DateTime(2027, 1, 1), StartTo = new DateTime(2027, 12, 31), Future = true, AttendeeCountMin = 100, AttendeeCountMax = 90000,
        }, new PagingOptions { First = 1 });

        var body = Assert.Single(server.Requests.All).Body!;
        foreach (var expected in new[]
        {
            "\"target_audience\":\"retail buyers\"", "\"country\":\"United States\"", "\"city\":\"Las Vegas\"", "\"region\":\"NV\"", "\"category\":[\"Retail\"]",
            "\"eventTypeIds\":[1,2]", "\"dateStartFrom\":\"2027-01-01\"", "\"dateStartTo\":\"2027-12-31\"", "\"future\":1", "\"attendeeCountMin\":100", "\"attendeeCountMax\":90000",
        })
        {
            Assert.Contains(expected, body);
        }

        Assert.DoesNotContain("company_url", body);
    }

    [Fact]
    public async Task Progress_is_written_while_waiting_and_completed_at_the_end()
    {
        await using var server = await TestSandbox.StartAsync(o => o.LatencyMs = 300);
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        RecommendedEventOperation.ProgressInterval = TimeSpan.FromMilliseconds(50);
        try
        {
            await RecommendedEventOperation.ListAsync(session, host, new RecommendedEventOperation.Filter { TargetAudience = "retail buyers" }, new PagingOptions { First = 3 });
        }
        finally
        {
            RecommendedEventOperation.ProgressInterval = TimeSpan.FromSeconds(1);
        }

        var progress = host.Progress.ToList();
        Assert.True(progress.Count(p => !p.Completed) >= 2, $"{progress.Count} progress records");
        Assert.Contains("match events", progress[0].Status);
        Assert.True(progress.Last().Completed);
        Assert.Equal(3, host.Output<RecommendedEvent>().Count());
    }

    public static TheoryData<RecommendedEventOperation.Filter, int?> BadEventInput => new()
    {
        { new RecommendedEventOperation.Filter(), null },
        { new RecommendedEventOperation.Filter { CompanyUrl = " ", TargetAudience = "" }, null },
        { new RecommendedEventOperation.Filter { CompanyUrl = "not a url" }, null },
        { new RecommendedEventOperation.Filter { TargetAudience = "x", AttendeeCountMin = -1 }, null },
        { new RecommendedEventOperation.Filter { TargetAudience = "x", AttendeeCountMin = 500, AttendeeCountMax = 100 }, null },
        { new RecommendedEventOperation.Filter { TargetAudience = "x", StartFrom = new DateTime(2027, 2, 1), StartTo = new DateTime(2027, 1, 1) }, null },
        { new RecommendedEventOperation.Filter { TargetAudience = "x", EventTypeId = new[] { 0 } }, null },
        { new RecommendedEventOperation.Filter { TargetAudience = "x", Country = new string('c', 101) }, null },
        { new RecommendedEventOperation.Filter { TargetAudience = "x" }, 101 },
    };

    [Theory]
    [MemberData(nameof(BadEventInput))]
    public async Task Bad_recommendation_input_is_refused_before_any_request(RecommendedEventOperation.Filter filter, int? pageSize)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => RecommendedEventOperation.ListAsync(session, host, filter, new PagingOptions { PageSize = pageSize }));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
        Assert.Empty(host.Progress);
    }

    [Fact]
    public async Task Recommended_exhibitors_of_an_event_stream_with_their_scores()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var eventId = TestSandbox.PaidEventId;

        await RecommendedExhibitorOperation.ListAsync(session, host, eventId, new RecommendedExhibitorOperation.Filter(), new PagingOptions { PageSize = 30 });

        var rows = host.Output<RecommendedExhibitor>().ToList();
        Assert.Equal(server.World.ExhibitorIdsOfEvent(eventId).OrderBy(x => x), rows.Select(r => r.ExhibitorId).OrderBy(x => x));
        Assert.All(rows, r => Assert.Equal(eventId, r.EventId));
        Assert.All(rows, r => Assert.False(r.IsFallback));
        Assert.Contains(rows, r => r.IsRecommended == true && r.RecommendationRank != null && !string.IsNullOrEmpty(r.Reason));
        Assert.Equal(rows.Select(r => r.MatchScore).OrderByDescending(s => s), rows.Select(r => r.MatchScore));
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task Recommended_exhibitor_filters_are_sent_as_the_api_names_them()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await RecommendedExhibitorOperation.ListAsync(session, RecordingHost.Yes(), TestSandbox.PaidEventId, new RecommendedExhibitorOperation.Filter
        {
            Location = new[] { "United States", "Germany" }, SearchQuery = "cloud", ExhibitorName = new[] { "Acme" }, Category = new[] { "Retail" },
            Industry = new[] { "Software" }, EmployeesMin = 10, EmployeesMax = 5000,
        }, new PagingOptions { First = 1 });

        var query = Uri.UnescapeDataString(Assert.Single(server.Requests.All).Query);
        foreach (var expected in new[]
        {
            "event_id=" + TestSandbox.PaidEventId, "location=United States", "location=Germany", "searchQuery=cloud", "exhibitorName=Acme", "category=Retail",
            "industry=Software", "employeesMin=10", "employeesMax=5000",
        })
        {
            Assert.Contains(expected, query);
        }
    }

    [Fact]
    public async Task An_unknown_event_is_not_found()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => RecommendedExhibitorOperation.ListAsync(session, RecordingHost.Yes(), "999999999", new RecommendedExhibitorOperation.Filter(), new PagingOptions()));

        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
    }

    public static TheoryData<string?, RecommendedExhibitorOperation.Filter> BadExhibitorInput => new()
    {
        { null, new RecommendedExhibitorOperation.Filter() },
        { " ", new RecommendedExhibitorOperation.Filter() },
        { TestSandbox.PaidEventId, new RecommendedExhibitorOperation.Filter { EmployeesMin = -5 } },
        { TestSandbox.PaidEventId, new RecommendedExhibitorOperation.Filter { EmployeesMin = 50, EmployeesMax = 10 } },
        { TestSandbox.PaidEventId, new RecommendedExhibitorOperation.Filter { SearchQuery = new string('q', 201) } },
    };

    [Theory]
    [MemberData(nameof(BadExhibitorInput))]
    public async Task Bad_recommended_exhibitor_input_is_refused_before_any_request(string? eventId, RecommendedExhibitorOperation.Filter filter)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => RecommendedExhibitorOperation.ListAsync(session, RecordingHost.Yes(), eventId, filter, new PagingOptions()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task Fallback_pages_shorter_than_the_page_size_are_followed_while_hasMore_is_true()
    {
        // The sandbox never falls back, so a scripted server plays the documented fallback shape.
        var handler = new ScriptedPages(
            Page(new[] { "1", "2", "3" }, page: 1, hasMore: true, fallback: true),
            Page(new[] { "4", "5" }, page: 2, hasMore: true, fallback: true),
            Page(new[] { "6" }, page: 3, hasMore: false, fallback: true));
        using var session = new LensmorSession(ApiKey.Parse("sk_stub_0123456789abcdef", ApiKeySource.Parameter),
            new LensmorConnectionOptions { BaseUri = "http://127.0.0.1:9/" }, handler);
        var host = RecordingHost.Yes();

        var written = await RecommendedExhibitorOperation.ListAsync(session, host, "139001", new RecommendedExhibitorOperation.Filter(), new PagingOptions { PageSize = 10 });

        Assert.Equal(6, written);
        Assert.Equal(new[] { "1", "2", "3", "4", "5", "6" }, host.Output<RecommendedExhibitor>().Select(r => r.ExhibitorId));
        Assert.All(host.Output<RecommendedExhibitor>(), r => Assert.True(r.IsFallback));
        Assert.Contains("AI_SEARCH_RESULT_MISMATCH", Assert.Single(host.Warnings));
        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains("page=3", handler.Requests[2]);
    }

    private static string Page(string[] ids, int page, bool hasMore, bool fallback) =>
        "{\"items\":[" + string.Join(",", ids.Select(id => "{\"id\":\"" + id + "\",\"companyName\":\"Co " + id + "\",\"isRecommended\":false,\"matchScore\":null}")) + "]," +
        $"\"total\":6,\"page\":{page},\"pageSize\":10,\"totalPages\":3,\"hasMore\":{(hasMore ? "true" : "false")},\"recommendationProcessing\":false" +
        (fallback ? ",\"code\":\"AI_SEARCH_RESULT_MISMATCH\",\"show_refresh_hint\":true" : string.Empty) + "}";

    private sealed class ScriptedPages : HttpMessageHandler
    {
        private readonly Queue<string> bodies;

        public ScriptedPages(params string[] bodies) => this.bodies = new Queue<string>(bodies);

        public List<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request.RequestUri!.PathAndQuery);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(bodies.Dequeue(), Encoding.UTF8, "application/json") });
            }
        }
    }
}
