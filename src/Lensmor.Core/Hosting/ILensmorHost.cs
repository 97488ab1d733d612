using Lensmor.Core.Errors;

namespace Lensmor.Core.Hosting;

/// <summary>
/// Core's only view of PowerShell. Operations may call it from any thread; the module's implementation
/// (through <see cref="PipelineBridge"/>) carries every call over to the pipeline thread.
/// </summary>
public interface ILensmorHost
{
    CancellationToken CancellationToken { get; }

    /// <summary>True under -WhatIf: ShouldProcess answers no and paid work is only described.</summary>
    bool IsWhatIf { get; }

    /// <summary>True when debug output is wanted, so that HTTP traces are worth building.</summary>
    bool IsDebugEnabled { get; }

    /// <summary>Asks the user (or -WhatIf/-Force/-Confirm) whether to go on. May block until answered.</summary>
    bool ShouldProcess(string target, string action);

    /// <summary>Writes one output object. Blocks while the pipeline is behind, which bounds prefetching.</summary>
    void WriteObject(object item);

    /// <summary>A non-terminating error for one item; the run goes on.</summary>
    void WriteError(LensmorException error);

    void WriteVerbose(string message);

    void WriteDebug(string message);

    void WriteWarning(string message);

    /// <summary>Information stream: a receipt or summary object scripts can capture with -InformationVariable.</summary>
    void WriteInformation(object data, params string[] tags);

    /// <summary>A line for the person at the console, as -WhatIf's own lines are written.</summary>
    void WriteHostLine(string message);

    void WriteProgress(LensmorProgress progress);

    /// <summary>-IncludeTotalCount: the number of items the whole query holds.</summary>
    void WriteTotalCount(long total);
}
