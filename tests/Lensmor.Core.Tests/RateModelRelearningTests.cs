using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// The model of a base URL and key outlives the server that taught it: a plan change, another server behind the same
/// URL, or (in the tests) a new sandbox on a port an earlier one used. When the server's headers contradict what the
/// model learned, it learns again from them at once, instead of sending a burst the new server answers with 429s.
/// </summary>
public class RateModelRelearningTests
{
    private double now = 1000;
    private double unix = 1_800_000_000.25;

    public static TheoryData<string, double> EarlierServers => new()
    {
        { "a few reads on a default sandbox", 0.05 },
        { "a few reads on a default sandbox", 30 },
        { "an export on a default sandbox", 0 },
        { "an export on a default sandbox", 0.5 },
        { "an export on a default sandbox", 30 },
        { "a read refused 429 on a default sandbox", 2 },
        { "an export at the realistic profile", 0.05 },
        { "an export at the realistic profile", 30 },
    };

    [Fact]
    public void A_new_model_shares_a_server_between_two_sessions_without_429()
    {
        var run = new RateLimitSimulation(new SimulatedLimit(20, 40)).Run(clients: 2, each: 40);

        Assert.True(run.Count(429) == 0, run.Describe());
        Assert.InRange(run.Model.RatePerSecond!.Value, 1, 20);
    }

    [Theory]
    [MemberData(nameof(EarlierServers))]
    public void A_model_taught_by_another_server_learns_the_new_one_from_its_headers(string earlier, double idleSeconds)
    {
        var run = new RateLimitSimulation(new SimulatedLimit(200, 400));
        Teach(run, earlier);
        run.Idle(idleSeconds);

        // The test that failed: 20 requests/s, a burst of 40, two sessions on one key reading 40 pages each.
        run.Server = new SimulatedLimit(20, 40);
        run.Run(clients: 2, each: 40);

        Assert.True(run.Count(429) == 0, $"{run.Count(429)} answers of 429: {run.Describe()}");
        Assert.InRange(run.Model.RatePerSecond!.Value, 1, 20);
    }

    [Theory]
    [MemberData(nameof(EarlierServers))]
    public void A_model_taught_by_another_server_paces_a_small_bucket_without_429(string earlier, double idleSeconds)
    {
        var run = new RateLimitSimulation(new SimulatedLimit(200, 400));
        Teach(run, earlier);
        run.Idle(idleSeconds);

        // PagingTests' prefetching story: 4 requests/s, a burst of 4.
        run.Server = new SimulatedLimit(4, 4);
        run.Run(clients: 2, each: 8);

        Assert.True(run.Count(429) == 0, $"{run.Count(429)} answers of 429: {run.Describe()}");
        Assert.InRange(run.Model.RatePerSecond!.Value, 0.5, 4);
    }

    [Fact]
    public async Task A_sandbox_on_the_port_and_key_of_an_earlier_one_is_paced_by_its_own_limit()
    {
        // What failed in CI: a default sandbox (400 at 200/s) taught the key's model, and a later test's sandbox of 40
        // at 20/s was given the same port, so the same base URL and key.
        var key = "sk_sandbox_" + Guid.NewGuid().ToString("N");
        Uri earlierUri;
        await using (var earlier = await TestSandbox.StartAsync(o => o.ApiKey = key))
        {
            using var reader = TestSandbox.Session(earlier);
            await BalanceOperation.GetAsync(reader, RecordingHost.Yes());
            earlierUri = earlier.BaseUri;
        }

        await using var server = await TestSandbox.StartAsync(o =>
        {
            o.ApiKey = key;
            o.Urls = earlierUri.GetLeftPart(UriPartial.Authority);
            o.RateLimitPerSecond = 20;
            o.RateLimitBurst = 40;
        });
        Assert.Equal(earlierUri, server.BaseUri);
        using var one = TestSandbox.Session(server);
        using var two = TestSandbox.Session(server);

        await Task.WhenAll(
            EventCatalogOperation.ListAsync(one, RecordingHost.Yes(), new EventCatalogOperation.Filter(), new PagingOptions { PageSize = 3, First = 120 }),
            EventCatalogOperation.ListAsync(two, RecordingHost.Yes(), new EventCatalogOperation.Filter(), new PagingOptions { PageSize = 3, First = 120 }));

        var log = server.Requests.All.OrderBy(r => r.At).ToList();
        Assert.Equal(80, log.Count(r => r.StatusCode == 200));
        Assert.True(log.Count(r => r.StatusCode == 429) <= 1, $"{log.Count(r => r.StatusCode == 429)} answers of 429: " + string.Join(" ", log.Select(r => $"{(r.At - log[0].At).TotalMilliseconds:0} ms: {r.StatusCode}")));
    }

    [Fact]
    public void A_bucket_found_smaller_once_a_Reset_has_passed_is_learned_again()
    {
        // A server of 400 taught the model; five seconds later the one behind the URL holds 40 and refills 20 a second.
        var model = Model();
        var (first, _) = model.Reserve();
        model.Observe(first, 399, (long)unix + 1);
        Later(5);

        SpendHalfOfForty(model);

        // 20 given back in 1 to 2 s. Still counted against a bucket of 400, the same Resets said 380.
        Assert.InRange(model.RatePerSecond!.Value, 1, 20);
    }

    [Fact]
    public void A_429_after_the_server_had_far_fewer_left_than_expected_learns_the_bucket_again()
    {
        // The plan changes while the model is busy: it expected hundreds left, and the server says 39, then runs dry.
        var model = Model();
        var (first, _) = model.Reserve();
        model.Observe(first, 399, (long)unix + 1);
        var (second, _) = model.Reserve();
        model.Observe(second, 39, (long)Math.Ceiling(unix + 0.05));

        model.Throttled(TimeSpan.FromSeconds(1));

        // The refused request goes when Retry-After ends (none kept in hand from a bucket of 400)...
        Assert.Equal(1.0, model.Reserve().Wait, precision: 3);

        // ...and the refill is learned from the bucket the server has shown since, 40.
        Later(1);
        SpendHalfOfForty(model);
        Assert.InRange(model.RatePerSecond!.Value, 1, 20);
    }

    private RateModel Model() => new(() => now, () => unix);

    private void Later(double seconds)
    {
        now += seconds;
        unix += seconds;
    }

    /// <summary>The server holds 40 and refills 20 a second: 21 requests at once leave 19, full again within 2 s.</summary>
    private void SpendHalfOfForty(RateModel model)
    {
        for (var left = 39; left >= 19; left--)
        {
            var (sequence, _) = model.Reserve();
            model.Observe(sequence, left, (long)Math.Ceiling(unix + ((40 - left) / 20.0)));
        }
    }

    private static void Teach(RateLimitSimulation run, string earlier)
    {
        switch (earlier)
        {
            case "a few reads on a default sandbox":
                run.Run(clients: 1, each: 5);
                break;
            case "an export on a default sandbox":
                run.Run(clients: 4, each: 150);
                break;
            case "a read refused 429 on a default sandbox":
                run.Run(clients: 1, each: 5);
                run.Model.Throttled(TimeSpan.FromSeconds(1));
                break;
            case "an export at the realistic profile":
                run.Server = new SimulatedLimit(2, 120);
                run.Run(clients: 4, each: 40, roundTrip: 0.15);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(earlier), earlier, null);
        }
    }
}
