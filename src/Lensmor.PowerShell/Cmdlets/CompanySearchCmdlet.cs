using System.Management.Automation;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// The parameters the two paid company-name searches share. Every piped company name is gathered first; the
/// whole run is priced and checked before the first prompt, then one confirmation per search.
/// </summary>
public abstract class CompanySearchCmdlet : LensmorPaidRunCmdlet
{
    private CompanySearchRun run = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Company")]
    [PipelineId]
    public string CompanyName { get; set; } = string.Empty;

    [Parameter]
    public int Page { get; set; } = 1;

    [Parameter]
    public int PageSize { get; set; } = 20;

    /// <summary>Sends the search even though an identical one has an unknown outcome (it may be charged again).</summary>
    [Parameter]
    public SwitchParameter RetryUnsettled { get; set; }

    /// <summary>-MaxCredits is checked here, once, before any name is gathered.</summary>
    protected override void BeginRun() => run = Start();

    protected override List<KeyValuePair<string, string>> PlanParameters() => PlannedRuns.CompanySearch(Page, PageSize, RetryUnsettled.IsPresent);

    protected override void Process() => Gather(new[] { CompanyName }, run.Add);

    protected override void End() => RunPaid(run.Paid, run.RunAsync);

    protected abstract CompanySearchRun Start();
}
