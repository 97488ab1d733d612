using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorContactUnlockTask: polls email or phone unlock tasks once and returns each contact's state. Free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorContactUnlockTask")]
[OutputType(typeof(ContactUnlockResult))]
public sealed class GetLensmorContactUnlockTaskCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] TaskId { get; set; } = Array.Empty<string>();

    /// <summary>Email or Phone; without it, task ids that start with phone_ are taken for phone tasks.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ContactChannel? Channel { get; set; }

    /// <summary>Copied onto the results so that they carry the event (the task answer does not).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string? EventId { get; set; }

    protected override void Process()
    {
        foreach (var id in TaskId)
        {
            Run(host =>
            {
                var taskId = ContactTaskWaiter.ValidateTaskId(id);
                var task = new ContactTaskRef(taskId, EventId, Channel ?? ContactChannels.Infer(taskId));
                return ContactTaskWaiter.PollOnceAsync(Session, host, new[] { task });
            });
        }
    }
}
