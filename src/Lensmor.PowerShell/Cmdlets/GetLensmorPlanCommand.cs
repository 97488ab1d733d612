using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorPlan: reads a saved plan (-PlanPath) for review: its targets as flat rows, total, account, times,
/// whether it can still be applied (Validity) and how much of it is applied (Status, from the journal). Local;
/// sends no request and needs no key, so a reviewer without one can read it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LensmorPlan")]
[OutputType(typeof(Plan))]
public sealed class GetLensmorPlanCommand : LensmorCmdlet
{
    /// <summary>The plan file(s); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ArgumentCompleter(typeof(PlanFileCompleter))]
    public string[] Path { get; set; } = Array.Empty<string>();

    protected override bool RequiresSession => false;

    protected override void Process()
    {
        foreach (var path in Path)
        {
            try
            {
                foreach (var file in PlanFiles.ForReading(this, path))
                {
                    Read(file);
                }
            }
            catch (LensmorException e) when (!e.IsTerminating || e.ErrorId == ErrorIds.PlanUnreadable)
            {
                WriteFailure(new LensmorException(e.ErrorId, e.Category, e.Message, e.RecommendedAction, false, e.TargetObject, inner: e));
            }
        }
    }

    private void Read(string file)
    {
        var saved = SavedPlan.Load(file);
        var journal = ModuleState.Sessions.CurrentJournal(Environment.GetEnvironmentVariable);
        Run(host =>
        {
            // The connection's account says whether the plan is for it; without one, that is not checked.
            var plan = PlanReview.Read(saved, journal, ModuleState.Sessions.CurrentAccount(Environment.GetEnvironmentVariable), DateTimeOffset.UtcNow, host);
            if (PlanReview.Warning(plan) is { } warning)
            {
                host.WriteWarning(warning);
            }

            host.WriteObject(plan);
            return Task.CompletedTask;
        });
    }
}
