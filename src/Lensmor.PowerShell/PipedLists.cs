using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.PowerShell;

/// <summary>
/// The list of each piped input, run ahead of the pipeline with at most -ThrottleLimit at a time and written in
/// input order (<see cref="OrderedPipeline"/>): a list cmdlet calls Add from ProcessRecord, Complete from
/// EndProcessing and Stop from StopProcessing.
/// </summary>
internal sealed class PipedLists : IDisposable
{
    private readonly LensmorCmdlet cmdlet;
    private readonly CancellationTokenSource stopping = new();
    private OrderedPipeline? pipeline;

    public PipedLists(LensmorCmdlet cmdlet)
    {
        this.cmdlet = cmdlet;
    }

    public void Add(int throttleLimit, Func<ILensmorHost, Task> operation)
    {
        if (pipeline == null)
        {
            try
            {
                pipeline = new OrderedPipeline(new PowerShellPipelineHost(cmdlet), stopping.Token, throttleLimit, Report);
            }
            catch (LensmorException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(e));
                return;
            }
        }

        Guard(() => pipeline.Add(operation));
    }

    public void Complete()
    {
        if (pipeline != null)
        {
            Guard(pipeline.Complete);
        }
    }

    public void Stop() => stopping.Cancel();

    public void Dispose()
    {
        pipeline?.Dispose();
        stopping.Dispose();
    }

    private void Guard(Action action)
    {
        try
        {
            action();
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
            cmdlet.ThrowTerminatingError(record);
        }
        else
        {
            cmdlet.WriteError(record);
        }
    }
}
