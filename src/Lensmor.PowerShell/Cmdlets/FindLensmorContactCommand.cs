using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Find-LensmorContact: people by company name, optionally narrowed by role or name. Streamed; free.</summary>
[Cmdlet(VerbsCommon.Find, "LensmorContact", SupportsPaging = true)]
[OutputType(typeof(Personnel))]
public sealed class FindLensmorContactCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Company")]
    [PipelineId]
    public string CompanyName { get; set; } = string.Empty;

    [Parameter]
    public string? Role { get; set; }

    [Parameter]
    public string? PersonName { get; set; }

    [Parameter]
    public int? PageSize { get; set; }

    protected override void Process() =>
        Run(host => ContactSearchOperation.ListAsync(Session, host, CompanyName, Role, PersonName, Paging(PageSize)));
}
