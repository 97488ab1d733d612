using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class EventInsightTests
{
    private const string EventId = TestSandbox.PaidEventId;

    [Fact]
    public async Task A_brief_is_one_flat_object_with_the_summary_fields()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await EventBriefOperation.GetAsync(session, host, EventId);

        var brief = Assert.Single(host.Output<EventBrief>());
        Assert.Equal(EventId, brief.EventId);
        Assert.Equal("CES 2027", brief.Name);
        Assert.NotNull(brief.ExhibitorCount);
        Assert.NotNull(brief.AttendeeCount);
        Assert.False(string.IsNullOrEmpty(brief.TopCategories));
        Assert.Equal("sandbox_snapshot", brief.DataFreshness);
        Assert.Contains("event_id=" + EventId, Assert.Single(server.Requests.All).Query);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task An_unknown_event_brief_is_not_found_per_item()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => EventBriefOperation.GetAsync(session, RecordingHost.Yes(), "999999999"));

        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
        Assert.False(error.IsTerminating);
    }

    [Fact]
    public async Task A_fit_score_is_flattened_with_its_breakdown()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await EventFitScoreOperation.GetAsync(session, host, EventId);

        var fit = Assert.Single(host.Output<EventFitScore>());
        Assert.Equal(EventId, fit.EventId);
        Assert.InRange(fit.Score!.Value, 0m, 10m);
        Assert.Contains(fit.Recommendation, new[] { "recommended", "consider", "not_recommended" });
        Assert.NotNull(fit.ProfileMatch);
        Assert.NotNull(fit.MatchedExhibitorDensity);
        Assert.NotNull(fit.EventScale);
        var request = Assert.Single(server.Requests.All);
        Assert.Equal("POST", request.Method);
        Assert.Contains("\"event_id\":\"" + EventId + "\"", request.Body);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task A_shortlist_is_ranked_in_one_request_without_duplicates()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var ids = new[] { server.World.EventIdAt(0), server.World.EventIdAt(1), server.World.EventIdAt(2), server.World.EventIdAt(1) };

        await EventRankOperation.RankAsync(session, host, ids);

        var rows = host.Output<EventRank>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(new int?[] { 1, 2, 3 }, rows.Select(r => r.Rank));
        Assert.Equal(ids.Distinct().OrderBy(x => x), rows.Select(r => r.EventId).OrderBy(x => x));
        Assert.All(rows, r => Assert.InRange(r.MatchScore!.Value, 0m, 1m));
        Assert.All(rows, r => Assert.Equal(string.Empty, r.Reasons));
        Assert.Equal(1, server.Requests.Count("POST", "/external/events/rank"));
        Assert.Single(server.Requests.All);
    }

    [Fact]
    public async Task Ranking_an_empty_shortlist_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => EventRankOperation.RankAsync(session, RecordingHost.Yes(), Array.Empty<string>()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task Ranking_more_than_the_limit_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = Enumerable.Range(0, EventRankOperation.MaxEvents + 1).Select(i => server.World.EventIdAt(i));

        var error = await Assert.ThrowsAsync<LensmorException>(() => EventRankOperation.RankAsync(session, RecordingHost.Yes(), ids));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a/b")]
    public async Task Bad_event_ids_are_refused_before_any_request(string? id)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var brief = await Assert.ThrowsAsync<LensmorException>(() => EventBriefOperation.GetAsync(session, host, id));
        var fit = await Assert.ThrowsAsync<LensmorException>(() => EventFitScoreOperation.GetAsync(session, host, id));
        var rank = await Assert.ThrowsAsync<LensmorException>(() => EventRankOperation.RankAsync(session, host, new[] { EventId, id }));

        Assert.All(new[] { brief, fit, rank }, e => Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId));
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task An_over_long_event_id_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => EventFitScoreOperation.GetAsync(session, RecordingHost.Yes(), new string('1', 101)));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }
}
