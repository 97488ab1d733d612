using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Shared shell of Unlock-LensmorContactEmail and Unlock-LensmorContactPhone: collects every piped contact in
/// ProcessRecord and runs the whole batch (one confirmation) in EndProcessing.
/// </summary>
public abstract class UnlockLensmorContactCommandBase : LensmorPaidCmdlet
{
    private ContactUnlockOperation operation = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    public string[] PersonnelId { get; set; } = Array.Empty<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string? EventId { get; set; }

    /// <summary>Returns the created tasks (ContactUnlockTask) instead of waiting for the results.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>Stops waiting after this many seconds; pending contacts are reported as pending.</summary>
    [Parameter]
    public int? TimeoutSec { get; set; }

    internal abstract ContactChannel Channel { get; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        operation = new ContactUnlockOperation(Session, Channel, MaxCredits) { NoWait = NoWait.IsPresent, TimeoutSec = TimeoutSec };
    }

    protected override void ProcessRecord()
    {
        foreach (var id in PersonnelId)
        {
            Run(host =>
            {
                operation.Add(id, EventId);
                return Task.CompletedTask;
            });
        }
    }

    protected override void EndProcessing() => Run(host => operation.RunAsync(host));
}
