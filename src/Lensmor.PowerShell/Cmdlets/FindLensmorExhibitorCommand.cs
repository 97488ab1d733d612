using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Find-LensmorExhibitor: exhibitors that fit a company website and/or a target audience (POST /external/exhibitors/search), streamed. Free.</summary>
[Cmdlet(VerbsCommon.Find, "LensmorExhibitor", SupportsPaging = true)]
[OutputType(typeof(Exhibitor))]
public sealed class FindLensmorExhibitorCommand : LensmorCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Website")]
    public string? CompanyUrl { get; set; }

    [Parameter]
    public string? TargetAudience { get; set; }

    [Parameter]
    public int? PageSize { get; set; }

    protected override void Process() =>
        Run(host => ExhibitorSearchOperation.FindAsync(Session, host, CompanyUrl, TargetAudience, Paging(PageSize)));
}
