using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorEventBrief: a compact event summary (GET /external/events/brief). Free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorEventBrief")]
[OutputType(typeof(EventBrief))]
public sealed class GetLensmorEventBriefCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    [PipelineId]
    public string[] EventId { get; set; } = Array.Empty<string>();

    protected override void Process()
    {
        foreach (var id in EventId)
        {
            Run(host => EventBriefOperation.GetAsync(Session, host, id));
        }
    }
}
