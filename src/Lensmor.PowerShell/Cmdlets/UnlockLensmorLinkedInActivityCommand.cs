using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Unlock-LensmorLinkedInActivity: starts LinkedIn activity analysis for people of an event (paid per person not
/// analysed yet). Piped people are collected and sent in requests of 50 after one confirmation.
/// </summary>
[Cmdlet(VerbsCommon.Unlock, "LensmorLinkedInActivity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(LinkedInActivityUnlockResult))]
public sealed class UnlockLensmorLinkedInActivityCommand : LensmorPaidRunCmdlet
{
    private LinkedInActivityUnlockOperation operation = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [PipelineId]
    public string[] PersonnelId { get; set; } = Array.Empty<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string? EventId { get; set; }

    protected override void BeginRun() => operation = new LinkedInActivityUnlockOperation(Session, MaxCredits);

    protected override void Process() => Gather(PersonnelId, id => operation.Add(id, EventId));

    protected override List<KeyValuePair<string, string>> PlanParameters() => PlannedRuns.LinkedInActivity();

    protected override void End() => RunPaid(operation.Paid, operation.RunAsync);
}
