using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.PowerShell;

/// <summary>The cmdlet seen as Core's pipeline host. PipelineBridge calls it on the pipeline thread only.</summary>
internal sealed class PowerShellPipelineHost : IPipelineHost
{
    private readonly LensmorCmdlet cmdlet;

    public PowerShellPipelineHost(LensmorCmdlet cmdlet)
    {
        this.cmdlet = cmdlet;
    }

    public bool IsWhatIf => cmdlet.IsWhatIf;

    public bool IsDebugEnabled => cmdlet.IsDebugEnabled;

    public bool ShouldProcess(string target, string action) =>
        ConfirmationPolicy.ShouldProceed(cmdlet.IsWhatIf, cmdlet.IsForce, () => Ask(target, action));

    /// <summary>
    /// The engine's ShouldProcess, which prompts when ConfirmImpact High meets $ConfirmPreference. A host that
    /// cannot prompt throws: pwsh -NonInteractive a PSInvalidOperationException, a host without a UI a
    /// HostException. Either becomes an error that says which switches decide the purchase without a prompt.
    /// </summary>
    private bool Ask(string target, string action)
    {
        try
        {
            return cmdlet.ShouldProcess(target, action);
        }
        catch (Exception e) when (e is PSInvalidOperationException or System.Management.Automation.Host.HostException)
        {
            throw ConfirmationPolicy.CannotAsk(target, action, e.Message, e);
        }
    }

    public void WriteObject(object item)
    {
        SeenValues.Remember(item);
        cmdlet.WriteObject(item);
    }

    public void WriteError(LensmorException error) => cmdlet.WriteItemError(error);

    public void WriteVerbose(string message) => cmdlet.WriteVerbose(message);

    public void WriteDebug(string message) => cmdlet.WriteDebug(message);

    public void WriteWarning(string message) => cmdlet.WriteWarning(message);

    public void WriteInformation(object data, string[] tags) => cmdlet.WriteInformation(data, tags);

    /// <summary>As Write-Host does it: shown at the console, yet capturable (6>&amp;1) and safe in hosts without a UI.</summary>
    public void WriteHostLine(string message) =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = message, NoNewLine = false }, new[] { "PSHOST" });

    public void WriteTotalCount(long total) => cmdlet.WriteObject(cmdlet.PagingParameters.NewTotalCount((ulong)Math.Max(0, total), 1.0));

    public void WriteProgress(LensmorProgress progress)
    {
        var record = new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        cmdlet.WriteProgress(record);
    }
}
