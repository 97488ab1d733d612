using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Search-LensmorExhibitorEvents: events at which a company exhibits. A paid search (50 credits a page,
/// nothing when no event matches), so each call reads exactly one page.
/// </summary>
[Cmdlet(VerbsCommon.Search, "LensmorExhibitorEvents", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ExhibitorEventMatch))]
public sealed class SearchLensmorExhibitorEventsCommand : LensmorPaidCmdlet
{
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

    private RunBudget budget = null!;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        budget = new RunBudget(MaxCredits);
    }

    protected override void ProcessRecord() =>
        Run(host => ExhibitorEventSearchOperation.RunAsync(Session, host, CompanyName, Page, PageSize, budget, RetryUnsettled));
}
