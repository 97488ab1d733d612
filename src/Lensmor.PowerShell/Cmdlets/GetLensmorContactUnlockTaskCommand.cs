using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorContactUnlockTask: polls email or phone unlock tasks once and returns each contact's state; piped
/// results that have no task pass on unchanged. Free.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LensmorContactUnlockTask")]
[OutputType(typeof(ContactUnlockResult))]
public sealed class GetLensmorContactUnlockTaskCommand : ContactTaskCmdlet
{
    protected override void Process()
    {
        foreach (var id in TaskIds())
        {
            Run(host => ContactTaskWaiter.PollOnceAsync(Session, host, new[] { Task(ContactTaskWaiter.ValidateTaskId(id)) }));
        }
    }

    protected override void End() => ReportPassedOn();
}
