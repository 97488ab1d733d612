using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorEventRank: ranks a shortlist against the caller's profile (POST /external/events/rank). Every
/// piped id is collected first and the whole shortlist goes in one request at the end. Free.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LensmorEventRank")]
[OutputType(typeof(EventRank))]
public sealed class GetLensmorEventRankCommand : LensmorCmdlet
{
    private readonly List<string> collected = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    [PipelineId]
    public string[] EventId { get; set; } = Array.Empty<string>();

    protected override void Process() => collected.AddRange(EventId);

    protected override void End() => Run(host => EventRankOperation.RankAsync(Session, host, collected));
}
