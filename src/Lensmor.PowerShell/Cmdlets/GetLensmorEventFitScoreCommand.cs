using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorEventFitScore: how well an event fits the caller's profile, 0-10 (POST /external/events/fit-score). Free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorEventFitScore")]
[OutputType(typeof(EventFitScore))]
public sealed class GetLensmorEventFitScoreCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    [PipelineId]
    public string[] EventId { get; set; } = Array.Empty<string>();

    protected override void Process()
    {
        foreach (var id in EventId)
        {
            Run(host => EventFitScoreOperation.GetAsync(Session, host, id));
        }
    }
}
