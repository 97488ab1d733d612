using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Unlock-LensmorEvent: buys event access (2,000 credits for base access). Every -Id and piped event is
/// gathered first; the whole run is priced and checked before the first prompt, then one confirmation per event.
/// </summary>
[Cmdlet(VerbsCommon.Unlock, "LensmorEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(EventUnlockReceipt))]
public sealed class UnlockLensmorEventCommand : LensmorPaidRunCmdlet
{
    private EventUnlockOperation operation = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("EventId")]
    [PipelineId]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter]
    public EventUnlockScope Scope { get; set; } = EventUnlockScope.Contacts;

    protected override void BeginRun() => operation = new EventUnlockOperation(Session, Scope, MaxCredits);

    protected override List<KeyValuePair<string, string>> PlanParameters() => PlannedRuns.EventUnlock(Scope);

    protected override void Process() => Gather(Id, operation.Add);

    protected override void End() => RunPaid(operation.Paid, operation.RunAsync);
}
