using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Search-LensmorExhibitor: a precision-first exhibitor lookup by company name. A paid search (50 credits a
/// page, nothing when nothing matches), so each call reads exactly one page.
/// </summary>
[Cmdlet(VerbsCommon.Search, "LensmorExhibitor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(Exhibitor))]
public sealed class SearchLensmorExhibitorCommand : LensmorPaidCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Company")]
    public string CompanyName { get; set; } = string.Empty;

    [Parameter]
    public int Page { get; set; } = 1;

    [Parameter]
    public int PageSize { get; set; } = 20;

    protected override void ProcessRecord() =>
        Run(host => ExhibitorCompanySearchOperation.RunAsync(Session, host, CompanyName, Page, PageSize, MaxCredits));
}
