using BenchmarkDotNet.Attributes;

namespace Lensmor.Benchmarks;

/// <summary>Exporting personnel on loopback without added latency: the module against the raw loop.</summary>
[MemoryDiagnoser]
public class PagedExportBenchmarks
{
    private ExportFixture fixture = null!;

    [Params(10_000, 100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup() => fixture = ExportFixture.StartAsync(latencyMs: 0).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "raw HttpClient + Newtonsoft loop")]
    public long RawLoop() => Check(fixture.RawLoopAsync(Records).GetAwaiter().GetResult());

    [Benchmark(Description = "module pager (Get-LensmorPersonnel)")]
    public long ModulePager() => Check(fixture.ModuleAsync(Records, prefetch: 3).GetAwaiter().GetResult());

    private long Check(long exported) =>
        exported == Records ? exported : throw new InvalidOperationException($"exported {exported} of {Records} records");
}

/// <summary>
/// The same export with 20 ms added to every request (the sandbox's --latency-ms): prefetching against
/// fetching pages one after another.
/// </summary>
[MemoryDiagnoser]
public class PagedExportLatencyBenchmarks
{
    private ExportFixture fixture = null!;

    [Params(5_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup() => fixture = ExportFixture.StartAsync(latencyMs: 20).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "module, pages one after another (Prefetch 0)")]
    public long Sequential() => Check(fixture.ModuleAsync(Records, prefetch: 0).GetAwaiter().GetResult());

    [Benchmark(Description = "raw HttpClient + Newtonsoft loop")]
    public long RawLoop() => Check(fixture.RawLoopAsync(Records).GetAwaiter().GetResult());

    [Benchmark(Description = "module pager, prefetch 3 (default)")]
    public long ModulePager() => Check(fixture.ModuleAsync(Records, prefetch: 3).GetAwaiter().GetResult());

    private long Check(long exported) =>
        exported == Records ? exported : throw new InvalidOperationException($"exported {exported} of {Records} records");
}
