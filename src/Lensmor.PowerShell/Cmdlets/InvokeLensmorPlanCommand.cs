using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Invoke-LensmorPlan: applies a saved plan (-PlanPath), exactly its targets and nothing else, priced again
/// first. An edited, expired or other account's plan, a target that now costs more (LensmorPlanStale), or a run
/// over the balance, -MaxCredits (by default the plan's total), the session's -SpendLimit or a budget is refused
/// whole before any prompt or paid request. Applying a plan again charges nothing for what it already applied.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "LensmorPlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(EventUnlockReceipt), typeof(Exhibitor), typeof(ExhibitorEventMatch), typeof(ContactUnlockResult), typeof(ContactUnlockTask),
    typeof(LinkedInActivityUnlockResult), typeof(OutreachRequestResult))]
public sealed class InvokeLensmorPlanCommand : LensmorPaidCmdlet
{
    /// <summary>The plan file, as -PlanPath wrote it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ArgumentCompleter(typeof(PlanFileCompleter))]
    public string Path { get; set; } = string.Empty;

    /// <summary>A plan that cannot be read stops the command, as its refusals do: a scheduled job must not go on as if it were applied.</summary>
    protected override bool FailuresTerminate => true;

    protected override void Process()
    {
        var files = PlanFiles.ForReading(this, Path);
        if (files.Count != 1)
        {
            throw LensmorException.InvalidArgument($"-Path '{Path}' names {files.Count} files; Invoke-LensmorPlan applies one plan at a time. Nothing was sent.", Path,
                "Pass one plan file, or pipe several: Get-LensmorPlan *.json | Invoke-LensmorPlan.");
        }

        Run(host => PlannedRuns.ApplyAsync(Session, files[0], MaxCredits, host));
    }
}
