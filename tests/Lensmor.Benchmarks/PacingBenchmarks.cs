using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Lensmor.Benchmarks;

/// <summary>
/// A rate-limited export (the sandbox's --rate-limit 200 --rate-burst 50): the module's piped export against the
/// loop a user would write (pages one after another, Retry-After after a 429). Each is reported as the fraction
/// of the budget it reaches (the time the budget needs: the burst at once, the rest at the rate, over the mean
/// time) and the answers of 429 per export.
/// </summary>
[Config(typeof(Columns))]
public class RateLimitedExportBenchmarks
{
    public const int Rate = 200;
    public const int Burst = 50;
    internal static readonly ConcurrentDictionary<string, (int Exports, int Throttled)> Answers429 = new();
    internal static double BudgetSeconds;
    private ExportFixture fixture = null!;
    private IReadOnlyList<string> events = null!;

    [Params(20_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        fixture = ExportFixture.StartRateLimitedAsync(Rate, Burst).GetAwaiter().GetResult();
        events = fixture.EventsFor(Records);
        BudgetSeconds = Math.Max(0, fixture.PagesOf(events) - Burst) / (double)Rate;
    }

    /// <summary>Every export starts from a full bucket, as the budget assumes.</summary>
    [IterationSetup]
    public void FullBucket()
    {
        fixture.Server.Requests.Clear();
        Thread.Sleep(TimeSpan.FromSeconds((Burst / (double)Rate) + 0.3));
    }

    [GlobalCleanup]
    public void Cleanup() => fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "loop, Retry-After on 429 (like Invoke-RestMethod)")]
    public long Loop() => Count(nameof(Loop), fixture.RawLoopWithRetriesAsync(events).GetAwaiter().GetResult());

    [Benchmark(Description = "module: events | Get-LensmorPersonnel (paced)")]
    public long Module() => Count(nameof(Module), fixture.PipedEvents(events, 4));

    private long Count(string name, long exported)
    {
        var throttled = fixture.Server.Requests.All.Count(r => r.StatusCode == 429);
        Answers429.AddOrUpdate(name, (1, throttled), (_, was) => (was.Exports + 1, was.Throttled + throttled));
        return exported;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(
            new ComputedColumn("OfBudget", "Of budget", 0, "The time the rate limit's budget needs for this export, over the mean time",
                (summary, benchmarkCase) => summary[benchmarkCase]?.ResultStatistics is { } stats ? $"{BudgetSeconds / (stats.Mean / 1e9):0.00}" : "-"),
            new ComputedColumn("Answers429", "429s/export", 1, "Answers of 429 per export, over every run of the benchmark",
                (_, benchmarkCase) => Answers429.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var a) && a.Exports > 0 ? $"{a.Throttled / (double)a.Exports:0.0}" : "-"));
    }
}

/// <summary>
/// Piped events at 20 ms latency: Get-LensmorPersonnel reading events ahead (-ThrottleLimit 4) against the module
/// inside ForEach-Object -Parallel -ThrottleLimit 4 (the baseline), and against one event after another.
/// </summary>
public class CrossEventLatencyBenchmarks
{
    private ExportFixture fixture = null!;
    private IReadOnlyList<string> events = null!;

    [Params(20_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        fixture = ExportFixture.StartAsync(latencyMs: 20).GetAwaiter().GetResult();
        events = fixture.EventsFor(Records);
    }

    [GlobalCleanup]
    public void Cleanup() => fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "module in 4 parallel workers (ForEach-Object -Parallel -ThrottleLimit 4)")]
    public long Parallel4() => fixture.ParallelWorkers(events, 4);

    [Benchmark(Description = "events | Get-LensmorPersonnel (-ThrottleLimit 4, default)")]
    public long Piped() => fixture.PipedEvents(events, 4);

    [Benchmark(Description = "events | Get-LensmorPersonnel -ThrottleLimit 1 (one event after another)")]
    public long OneAfterAnother() => fixture.PipedEvents(events, 1);
}
