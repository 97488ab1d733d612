using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorExhibitorEvent: the events an exhibitor takes part in (GET /external/exhibitors/events), streamed. Free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorExhibitorEvent", SupportsPaging = true)]
[OutputType(typeof(Event))]
public sealed class GetLensmorExhibitorEventCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PipelineId]
    public string[] ExhibitorId { get; set; } = Array.Empty<string>();

    [Parameter]
    public int? PageSize { get; set; }

    protected override void Process()
    {
        foreach (var id in ExhibitorId)
        {
            Run(host => ExhibitorEventsOperation.ListAsync(Session, host, id, Paging(PageSize)));
        }
    }
}
