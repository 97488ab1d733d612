using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Tests.Support;

/// <summary>What a host was asked to do.</summary>
public enum HostCall
{
    Prompt,
    Object,
    Error,
    Verbose,
    Debug,
    Warning,
    Information,
    HostLine,
    Progress,
    TotalCount,
}

/// <summary>
/// The one base of the test doubles for both host interfaces Core talks to: ILensmorHost (operations) and
/// IPipelineHost (the bridge). By default it is a pipeline that takes everything, answers yes, has no -WhatIf or
/// -Debug, and reports each call to <see cref="OnCall"/>; a double overrides only what its test is about.
/// </summary>
public abstract class FakeHost : ILensmorHost, IPipelineHost
{
    public virtual CancellationToken CancellationToken => default;
    public virtual bool IsWhatIf => false;
    public virtual bool IsDebugEnabled => false;

    public virtual bool ShouldProcess(string target, string action)
    {
        OnCall(HostCall.Prompt, (Target: target, Action: action));
        return true;
    }

    public virtual void WriteObject(object item) => OnCall(HostCall.Object, item);
    public virtual void WriteError(LensmorException error) => OnCall(HostCall.Error, error);
    public virtual void WriteVerbose(string message) => OnCall(HostCall.Verbose, message);
    public virtual void WriteDebug(string message) => OnCall(HostCall.Debug, message);
    public virtual void WriteWarning(string message) => OnCall(HostCall.Warning, message);
    public virtual void WriteInformation(object data, params string[] tags) => OnCall(HostCall.Information, data);
    public virtual void WriteHostLine(string message) => OnCall(HostCall.HostLine, message);
    public virtual void WriteProgress(LensmorProgress progress) => OnCall(HostCall.Progress, progress);
    public virtual void WriteTotalCount(long total) => OnCall(HostCall.TotalCount, total);

    /// <summary>Every call the double does not override ends here; the payload is what was written.</summary>
    protected virtual void OnCall(HostCall call, object payload)
    {
    }
}

/// <summary>A pipeline that stops taking objects after some, as Select-Object -First does to the cmdlet before it.</summary>
public sealed class StoppingPipeline : FakeHost
{
    private readonly int stopAfter;

    public StoppingPipeline(int stopAfter) => this.stopAfter = stopAfter;

    public sealed class Stopped : Exception
    {
    }

    public int Count { get; private set; }

    public override void WriteObject(object item)
    {
        if (++Count >= stopAfter)
        {
            throw new Stopped();
        }
    }
}
