using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Wait-LensmorContactUnlockTask: waits (with progress) until email or phone unlock tasks end, then returns each
/// contact's result. Resumes tasks created with -NoWait or left running by a timeout; piped results that need no
/// wait pass on unchanged. Free.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "LensmorContactUnlockTask")]
[OutputType(typeof(ContactUnlockResult))]
public sealed class WaitLensmorContactUnlockTaskCommand : ContactTaskCmdlet
{
    private readonly List<ContactTaskRef> tasks = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    [Parameter]
    public int? TimeoutSec { get; set; }

    protected override void Process()
    {
        foreach (var id in TaskIds())
        {
            Run(host =>
            {
                var task = Task(ContactTaskWaiter.ValidateTaskId(id));
                if (seen.Add(task.Channel + "\n" + task.TaskId))
                {
                    tasks.Add(task);
                }

                return System.Threading.Tasks.Task.CompletedTask;
            });
        }
    }

    protected override void End()
    {
        ReportPassedOn();
        Run(async host =>
        {
            var timeout = ContactTaskWaiter.Timeout(TimeoutSec);
            if (tasks.Count > 0)
            {
                await ContactTaskWaiter.WaitAsync(Session, host, tasks, timeout).ConfigureAwait(false);
            }
        });
    }
}
