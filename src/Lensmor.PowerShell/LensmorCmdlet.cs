using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell;

/// <summary>
/// Base of every Lensmor cmdlet: resolves the session, owns the cancellation that StopProcessing
/// triggers, runs one Core call through the pipeline bridge, and maps failures to error records.
/// </summary>
public abstract class LensmorCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();

    /// <summary>
    /// -WhatIf, or $WhatIfPreference when -WhatIf is not given: either way nothing paid may be sent, and -Force
    /// must not skip the ShouldProcess call that honours it.
    /// </summary>
    internal bool IsWhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
        ? value is SwitchParameter s && s.IsPresent
        : Core.Hosting.ConfirmationPolicy.IsTruthy(GetVariableValue("WhatIfPreference"));

    internal bool IsDebugEnabled =>
        (MyInvocation.BoundParameters.TryGetValue("Debug", out var value) && value is SwitchParameter s && s.IsPresent) ||
        // A script's `$DebugPreference = 'Continue'` stores a string; the engine converts it, and so must we.
        (LanguagePrimitives.TryConvertTo(GetVariableValue("DebugPreference"), out ActionPreference p) && p != ActionPreference.SilentlyContinue);

    /// <summary>Cmdlets that can spend override this with their -Force switch.</summary>
    internal virtual bool IsForce => false;

    /// <summary>Free cmdlets that need no session (Connect, Disconnect, context) say so.</summary>
    protected virtual bool RequiresSession => true;

    protected LensmorSession Session { get; private set; } = null!;

    protected override void BeginProcessing()
    {
        if (!RequiresSession)
        {
            return;
        }

        try
        {
            Session = ModuleState.Sessions.Resolve(Environment.GetEnvironmentVariable);
        }
        catch (LensmorException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }

    protected override void StopProcessing() => stopping.Cancel();

    public void Dispose()
    {
        stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>-First, -Skip and -IncludeTotalCount from SupportsPaging, plus the cmdlet's -PageSize.</summary>
    protected PagingOptions Paging(int? pageSize) => new()
    {
        First = PagingParameters?.First == ulong.MaxValue ? null : PagingParameters?.First,
        Skip = PagingParameters?.Skip ?? 0,
        IncludeTotalCount = PagingParameters?.IncludeTotalCount.IsPresent ?? false,
        PageSize = pageSize,
    };

    /// <summary>Runs one Core operation; every Write* it makes happens here, on the pipeline thread.</summary>
    protected void Run(Func<ILensmorHost, Task> operation)
    {
        try
        {
            PipelineBridge.Run(new PowerShellPipelineHost(this), stopping.Token, operation);
        }
        catch (LensmorException e)
        {
            Report(e);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void Report(LensmorException e)
    {
        var record = ErrorRecords.From(e);
        if (e.IsTerminating)
        {
            ThrowTerminatingError(record);
        }
        else
        {
            WriteError(record);
        }
    }
}

/// <summary>Base of every cmdlet that can spend credits: ConfirmImpact High plus the AWS-style -Force.</summary>
public abstract class LensmorPaidCmdlet : LensmorCmdlet
{
    /// <summary>Skips the confirmation prompt. -WhatIf still wins: nothing is sent.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Refuses the run, before any prompt or paid request, if it would cost more than this.</summary>
    [Parameter]
    public decimal? MaxCredits { get; set; }

    internal override bool IsForce => Force.IsPresent;
}
