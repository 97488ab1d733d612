using System.Management.Automation;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Search-LensmorExhibitorEvents: events at which a company exhibits. A paid search (50 credits a page,
/// nothing when no event matches), so each call reads exactly one page.
/// </summary>
[Cmdlet(VerbsCommon.Search, "LensmorExhibitorEvents", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ExhibitorEventMatch))]
public sealed class SearchLensmorExhibitorEventsCommand : CompanySearchCmdlet
{
    protected override CompanySearchRun Start() =>
        ExhibitorEventSearchOperation.Start(Session, Page, PageSize, MaxCredits, RetryUnsettled);
}
