using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Wait-LensmorContactUnlockTask: waits (with progress) until email or phone unlock tasks end, then returns each
/// contact's result. Resumes tasks created with -NoWait or left running by a timeout. Free.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "LensmorContactUnlockTask")]
[OutputType(typeof(ContactUnlockResult))]
public sealed class WaitLensmorContactUnlockTaskCommand : LensmorCmdlet
{
    private readonly List<ContactTaskRef> tasks = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] TaskId { get; set; } = Array.Empty<string>();

    /// <summary>Email or Phone; without it, task ids that start with phone_ are taken for phone tasks.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ContactChannel? Channel { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string? EventId { get; set; }

    [Parameter]
    public int? TimeoutSec { get; set; }

    protected override void Process()
    {
        foreach (var id in TaskId)
        {
            Run(host =>
            {
                var taskId = ContactTaskWaiter.ValidateTaskId(id);
                var channel = Channel ?? ContactChannels.Infer(taskId);
                if (seen.Add(channel + "\n" + taskId))
                {
                    tasks.Add(new ContactTaskRef(taskId, EventId, channel));
                }

                return Task.CompletedTask;
            });
        }
    }

    protected override void End() => Run(async host =>
    {
        var timeout = ContactTaskWaiter.Timeout(TimeoutSec);
        if (tasks.Count > 0)
        {
            await ContactTaskWaiter.WaitAsync(Session, host, tasks, timeout).ConfigureAwait(false);
        }
    });
}
