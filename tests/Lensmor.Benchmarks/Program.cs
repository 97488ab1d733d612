using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Lensmor.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/Lensmor.Benchmarks [-- --filter *Latency*]
/// Runs in-process (the sandbox is in the same process, on loopback) with a short job: a few iterations of
/// whole exports, reported as ratios against the raw HttpClient loop measured in the same run.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("InProcess"))
            .AddColumn(new PerRecordColumn(PerRecordColumn.Measure.Time), new PerRecordColumn(PerRecordColumn.Measure.Allocation))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
