using System.Management.Automation;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Unlock-LensmorEvent: buys event access (2,000 credits for base access), one confirmation per event.</summary>
[Cmdlet(VerbsCommon.Unlock, "LensmorEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(EventUnlockReceipt))]
public sealed class UnlockLensmorEventCommand : LensmorPaidCmdlet
{
    private EventUnlockOperation operation = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("EventId")]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter]
    public EventUnlockScope Scope { get; set; } = EventUnlockScope.Contacts;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        operation = new EventUnlockOperation(Session, Scope, MaxCredits);
    }

    protected override void ProcessRecord()
    {
        foreach (var id in Id)
        {
            Run(host => operation.UnlockAsync(id, host));
        }
    }

    protected override void EndProcessing() => Run(host =>
    {
        operation.Complete(host);
        return Task.CompletedTask;
    });
}
