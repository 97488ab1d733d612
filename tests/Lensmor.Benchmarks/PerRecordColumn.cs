using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Lensmor.Benchmarks;

/// <summary>Time or allocated bytes divided by the Records parameter.</summary>
internal sealed class PerRecordColumn : IColumn
{
    public enum Measure
    {
        Time,
        Allocation,
    }

    private readonly Measure measure;

    public PerRecordColumn(Measure measure) => this.measure = measure;

    public string Id => "PerRecord" + measure;
    public string ColumnName => measure == Measure.Time ? "Time/record" : "Alloc/record";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => measure == Measure.Time ? "Mean time per exported record" : "Allocated bytes per exported record";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var records = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Records")?.Value is int r ? r : 0;
        if (report?.ResultStatistics == null || records == 0)
        {
            return "-";
        }

        return measure == Measure.Time
            ? $"{report.ResultStatistics.Mean / records / 1000.0:0.00} us"
            : $"{report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) / (double)records:0} B";
    }
}
