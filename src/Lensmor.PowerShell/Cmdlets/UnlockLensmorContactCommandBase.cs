using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Shared shell of Unlock-LensmorContactEmail and Unlock-LensmorContactPhone: collects every piped contact in
/// ProcessRecord and runs the whole batch (one confirmation) in EndProcessing.
/// </summary>
public abstract class UnlockLensmorContactCommandBase : LensmorPaidRunCmdlet
{
    private ContactUnlockOperation operation = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [PipelineId]
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

    /// <summary>Sends contacts whose earlier unlock failed again; each is charged again.</summary>
    [Parameter]
    public SwitchParameter RetryFailed { get; set; }

    internal abstract ContactChannel Channel { get; }

    protected override void BeginRun() =>
        operation = new ContactUnlockOperation(Session, Channel, MaxCredits) { NoWait = NoWait.IsPresent, TimeoutSec = TimeoutSec, RetryFailed = RetryFailed.IsPresent };

    /// <summary>A contact without an event is refused here with the way to choose one (ContactUnlockAdvice).</summary>
    protected override void Process() => Gather(PersonnelId, id => operation.Add(id, ContactUnlockAdvice.RequireEventId(id, EventId, MyInvocation.MyCommand.Name)));

    protected override List<KeyValuePair<string, string>> PlanParameters() => PlannedRuns.ContactUnlock(RetryFailed.IsPresent, NoWait.IsPresent, TimeoutSec);

    protected override void End() => RunPaid(operation.Paid, operation.RunAsync);
}
