using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorPersonnelEvent: the events a person is linked to, by personnel id or LinkedIn URL. Streamed; free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorPersonnelEvent", DefaultParameterSetName = IdSet, SupportsPaging = true)]
[OutputType(typeof(Event))]
public sealed class GetLensmorPersonnelEventCommand : LensmorCmdlet
{
    private const string IdSet = "PersonnelId";
    private const string LinkedInSet = "LinkedIn";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PipelineId]
    public string[] PersonnelId { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LinkedInSet)]
    public string LinkedInUrl { get; set; } = string.Empty;

    [Parameter]
    public int? PageSize { get; set; }

    protected override void Process()
    {
        if (ParameterSetName == LinkedInSet)
        {
            Run(host => PersonnelEventsOperation.ListByLinkedInAsync(Session, host, LinkedInUrl, Paging(PageSize)));
            return;
        }

        foreach (var id in PersonnelId)
        {
            Run(host => PersonnelEventsOperation.ListAsync(Session, host, id, Paging(PageSize)));
        }
    }
}
