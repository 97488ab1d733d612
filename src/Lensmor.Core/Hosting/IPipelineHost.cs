using Lensmor.Core.Errors;

namespace Lensmor.Core.Hosting;

/// <summary>
/// What a cmdlet offers <see cref="PipelineBridge"/>. Every member is called on the pipeline thread only,
/// because PowerShell's Write* methods must be.
/// </summary>
public interface IPipelineHost
{
    bool IsWhatIf { get; }
    bool IsDebugEnabled { get; }
    bool ShouldProcess(string target, string action);
    void WriteObject(object item);
    void WriteError(LensmorException error);
    void WriteVerbose(string message);
    void WriteDebug(string message);
    void WriteWarning(string message);
    void WriteInformation(object data, string[] tags);
    void WriteHostLine(string message);
    void WriteProgress(LensmorProgress progress);
    void WriteTotalCount(long total);
}
