using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;

namespace Lensmor.PowerShell;

/// <summary>
/// Base of every Lensmor cmdlet: resolves the session, owns the cancellation that StopProcessing
/// triggers, runs one Core call through the pipeline bridge, and maps failures to error records.
/// </summary>
public abstract class LensmorCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ErrorDigest errors = new();

    /// <summary>
    /// -WhatIf, or $WhatIfPreference when -WhatIf is not given: either way nothing paid may be sent, and -Force
    /// must not skip the ShouldProcess call that honours it.
    /// </summary>
    internal bool IsWhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
        ? value is SwitchParameter s && s.IsPresent
        : Core.Hosting.ConfirmationPolicy.IsTruthy(GetVariableValue("WhatIfPreference"));

    internal bool IsDebugEnabled =>
        (MyInvocation.BoundParameters.TryGetValue("Debug", out var value) && value is SwitchParameter s && s.IsPresent) ||
        PreferenceVariable("DebugPreference") is { } p && p != ActionPreference.SilentlyContinue;

    /// <summary>
    /// A preference variable as the engine reads it: a script's `$DebugPreference = 'Continue'` stores a string,
    /// which the engine converts, and so must we. Null when it holds nothing that converts.
    /// </summary>
    internal ActionPreference? PreferenceVariable(string name) =>
        LanguagePrimitives.TryConvertTo(GetVariableValue(name), out ActionPreference preference) ? preference : null;

    /// <summary>Cmdlets that can spend override this with their -Force switch.</summary>
    internal virtual bool IsForce => false;

    /// <summary>Which runspace runs this command, for the connection's cross-runspace guard.</summary>
    internal static string RunspaceId => System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.InstanceId.ToString() ?? "none";

    /// <summary>Free cmdlets that need no session (Connect, Disconnect, context) say so.</summary>
    protected virtual bool RequiresSession => true;

    protected LensmorSession Session { get; private set; } = null!;

    /// <summary>
    /// Sealed, so that no cmdlet can escape the error mapping: every failure of a hook becomes an ErrorRecord
    /// with its ErrorId and RecommendedAction. Cmdlets override <see cref="Begin"/>, <see cref="Process"/> and
    /// <see cref="End"/> instead.
    /// </summary>
    protected sealed override void BeginProcessing() => Guard(() =>
    {
        DebugTracing.StopInquiries(this);
        if (RequiresSession)
        {
            Session = ModuleState.Sessions.Resolve(Environment.GetEnvironmentVariable);
            if (ModuleState.Sessions.Observe(RunspaceId, this is LensmorPaidCmdlet) is { } changed)
            {
                WriteWarning(changed);
            }
        }

        Begin();
    }, terminating: true);

    protected sealed override void ProcessRecord() => Guard(Process, FailuresTerminate);

    protected sealed override void EndProcessing()
    {
        try
        {
            Guard(End, FailuresTerminate);
        }
        catch
        {
            TellRepeatedErrors(whileFailing: true);
            throw;
        }

        TellRepeatedErrors(whileFailing: false);
    }

    /// <summary>
    /// Writes the errors held back as repeats of an earlier one (<see cref="ErrorDigest"/>), last. When End failed
    /// they are written before its failure travels on, and nothing may replace that failure.
    /// </summary>
    private void TellRepeatedErrors(bool whileFailing)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            foreach (var summary in errors.Summaries())
            {
                WriteError(ErrorRecords.From(summary));
            }
        }
        catch (Exception) when (whileFailing)
        {
            // The pipeline is ending (-ErrorAction Stop on these, a stop): End's own failure is the one to report.
        }
    }

    /// <summary>True where any failure should stop the script (Connect-Lensmor), not only terminating ones.</summary>
    protected virtual bool FailuresTerminate => false;

    /// <summary>Once, before the first pipeline item; a failure here stops the command.</summary>
    protected virtual void Begin()
    {
    }

    /// <summary>Once per pipeline item (once without pipeline input).</summary>
    protected virtual void Process()
    {
    }

    /// <summary>Once, after the last pipeline item.</summary>
    protected virtual void End()
    {
    }

    protected override void StopProcessing() => stopping.Cancel();

    /// <summary>Cancelled by StopProcessing (Ctrl+C, PowerShell.Stop()); every request of this command honours it.</summary>
    internal CancellationToken StopToken => stopping.Token;

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

    /// <summary>
    /// Runs one Core operation; every Write* it makes happens here, on the pipeline thread. An error for this
    /// one item is written and the pipeline goes on; a terminating one stops the command.
    /// </summary>
    protected void Run(Func<ILensmorHost, Task> operation)
    {
        try
        {
            PipelineBridge.Run(new PowerShellPipelineHost(this), stopping.Token, operation);
        }
        catch (LensmorException e) when (!e.IsTerminating)
        {
            WriteFailure(e);
        }
    }

    /// <summary>Gathers pipeline items into a run; each bad item is its own error, and the others go on.</summary>
    protected void Gather<T>(IEnumerable<T> items, Action<T> add)
    {
        foreach (var item in items)
        {
            try
            {
                add(item);
            }
            catch (LensmorException e) when (!e.IsTerminating)
            {
                WriteFailure(e);
            }
        }
    }

    /// <summary>A failure as an error record: it stops the command when it is terminating (or <paramref name="terminating"/>), otherwise it is written and the pipeline goes on.</summary>
    internal void WriteFailure(LensmorException e, bool terminating = false)
    {
        if (e.IsTerminating || terminating)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
        else
        {
            WriteItemError(e);
        }
    }

    /// <summary>A per-item error: written unless it repeats an earlier one's cause (see <see cref="ErrorDigest"/>).</summary>
    internal void WriteItemError(LensmorException e)
    {
        if (errors.IsFirst(e))
        {
            WriteError(ErrorRecords.From(e));
        }
    }

    private void Guard(Action hook, bool terminating)
    {
        try
        {
            hook();
        }
        catch (LensmorException e)
        {
            WriteFailure(e, terminating);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
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
