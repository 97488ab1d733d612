using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Shared parameters of Get- and Wait-LensmorContactUnlockTask. What Unlock-LensmorContactEmail -NoWait writes is
/// a mix: tasks, and results for contacts that needed none (already unlocked, skipped, failed before). Both bind
/// here, so "-NoWait | Wait-LensmorContactUnlockTask" ends with one result per contact: a result without a task
/// is final and passes on unchanged; a task (or a result still pending in one) is polled.
/// </summary>
public abstract class ContactTaskCmdlet : LensmorCmdlet
{
    private int passedOn;

    /// <summary>Null or empty for a piped result that carries no task (see <see cref="InputObject"/>).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyCollection]
    [AllowEmptyString]
    [PipelineId]
    public string[] TaskId { get; set; } = Array.Empty<string>();

    /// <summary>Email or Phone; without it, task ids that start with phone_ are taken for phone tasks.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ContactChannel? Channel { get; set; }

    /// <summary>Copied onto the results so that they carry the event (the task answer does not).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string? EventId { get; set; }

    /// <summary>The piped object itself, so that a result without a task can pass on unchanged.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The task ids of this pipeline item; none (and the item written on) for a result that has no task.</summary>
    internal IReadOnlyList<string?> TaskIds()
    {
        var ids = TaskId ?? Array.Empty<string>();
        if (ids.All(string.IsNullOrEmpty) && InputObject?.BaseObject is ContactUnlockResult result)
        {
            WriteObject(result);
            passedOn++;
            return Array.Empty<string>();
        }

        return ids.Length == 0 ? new string?[] { null } : ids;
    }

    /// <summary>One line for the run, rather than one per contact, about the results that were passed on.</summary>
    internal void ReportPassedOn()
    {
        if (passedOn > 0)
        {
            WriteVerbose($"{passedOn} piped result(s) had no task (already unlocked, skipped or failed before): passed on unchanged.");
        }
    }

    internal ContactTaskRef Task(string taskId) => new(taskId, EventId, Channel ?? ContactChannels.Infer(taskId));
}
