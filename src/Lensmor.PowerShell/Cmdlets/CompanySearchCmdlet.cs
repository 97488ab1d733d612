using System.Management.Automation;
using Lensmor.Core.Spending;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// The parameters the two paid company-name searches share. Every piped company name is gathered first; the
/// whole run is priced and checked before the first prompt, then one confirmation per search.
/// </summary>
public abstract class CompanySearchCmdlet : LensmorPaidCmdlet
{
    private readonly List<string> companyNames = new();

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

    protected override void Begin() => RunLimits.MaxCredits(MaxCredits);

    protected override void Process() => Gather(new[] { CompanyName }, name => companyNames.Add(InputValidation.CompanyName(name)));

    protected override void End() => Run(host => Search(host, companyNames));

    protected abstract Task Search(ILensmorHost host, IReadOnlyList<string> names);
}
