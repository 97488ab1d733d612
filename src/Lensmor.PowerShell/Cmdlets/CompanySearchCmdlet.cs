using System.Management.Automation;
using Lensmor.Core.Hosting;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>The parameters and run budget the two paid company-name searches share.</summary>
public abstract class CompanySearchCmdlet : LensmorPaidCmdlet
{
    private RunBudget budget = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Company")]
    public string CompanyName { get; set; } = string.Empty;

    [Parameter]
    public int Page { get; set; } = 1;

    [Parameter]
    public int PageSize { get; set; } = 20;

    /// <summary>Sends the search even though an identical one has an unknown outcome (it may be charged again).</summary>
    [Parameter]
    public SwitchParameter RetryUnsettled { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        budget = new RunBudget(MaxCredits);
    }

    protected override void ProcessRecord() => Run(host => Search(host, budget));

    protected abstract Task Search(ILensmorHost host, RunBudget runBudget);
}
