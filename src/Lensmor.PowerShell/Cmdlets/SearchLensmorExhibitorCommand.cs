using System.Management.Automation;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Search-LensmorExhibitor: a precision-first exhibitor lookup by company name. A paid search (50 credits a
/// page, nothing when nothing matches), so each call reads exactly one page.
/// </summary>
[Cmdlet(VerbsCommon.Search, "LensmorExhibitor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(Exhibitor))]
public sealed class SearchLensmorExhibitorCommand : CompanySearchCmdlet
{
    protected override CompanySearchRun Start() =>
        ExhibitorCompanySearchOperation.Start(Session, Page, PageSize, MaxCredits, RetryUnsettled);
}
