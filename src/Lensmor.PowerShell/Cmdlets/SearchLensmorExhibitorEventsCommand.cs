using System.Management.Automation;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Search-LensmorExhibitorEvents: events at which a company exhibits. A paid search (50 credits a page,
/// nothing when no event matches), so each call reads exactly one page.
/// </summary>
[Cmdlet(VerbsCommon.Search, "LensmorExhibitorEvents", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ExhibitorEventMatch))]
public sealed class SearchLensmorExhibitorEventsCommand : CompanySearchCmdlet
{
    protected override Task Search(ILensmorHost host, IReadOnlyList<string> names) =>
        ExhibitorEventSearchOperation.RunAsync(Session, host, names, Page, PageSize, MaxCredits, RetryUnsettled);
}
