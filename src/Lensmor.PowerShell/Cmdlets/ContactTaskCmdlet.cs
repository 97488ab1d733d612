using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

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

    /// <summary>
    /// The task ids; from the pipeline by property name (a task, or a result still pending in one). A plain
    /// string piped in arrives as <see cref="InputObject"/> and is taken for a task id.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyCollection]
    [AllowEmptyString]
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
        var ids = (TaskId ?? Array.Empty<string>()).Where(id => !string.IsNullOrEmpty(id)).ToArray();
        if (ids.Length > 0)
        {
            return ids;
        }

        switch (InputObject?.BaseObject)
        {
            case ContactUnlockResult result:
                WriteObject(result);
                passedOn++;
                return Array.Empty<string>();
            case string or char or int or long or decimal:
                return new[] { InputObject.BaseObject.ToString() };
            case { } other:
                // A piped object that carries no TaskId: refused like any non-id, before any request.
                var typeName = InputObject.TypeNames.Count > 0 ? InputObject.TypeNames[0] : other.GetType().FullName;
                return new[] { InputValidation.RejectedObject(typeName ?? "object", InputObject.ToString()) };
            default:
                return new string?[] { null };
        }
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
