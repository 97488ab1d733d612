using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Lensmor.Core.Errors;

namespace Lensmor.Core.Hosting;

/// <summary>
/// Runs an asynchronous Core operation while the calling (pipeline) thread pumps every host call the
/// operation makes. Output is bounded: a producer that runs ahead of the pipeline waits, which is what
/// keeps paging to a small, fixed prefetch.
/// </summary>
public static class PipelineBridge
{
    public const int DefaultCapacity = 128;

    /// <remarks>
    /// One operation in an <see cref="OrderedPipeline"/> of one: the same queue, pump and cancellation that
    /// piped lists use, with the operation's failure thrown where the caller called Run.
    /// </remarks>
    public static void Run(IPipelineHost pipeline, CancellationToken cancellationToken, Func<ILensmorHost, Task> operation, int capacity = DefaultCapacity)
    {
        using var ordered = new OrderedPipeline(pipeline, cancellationToken, throttleLimit: 1, e => ExceptionDispatchInfo.Capture(e).Throw(), capacity);
        ordered.Add(operation);
        ordered.Complete();
    }

    internal sealed class MarshallingHost : ILensmorHost
    {
        private readonly IPipelineHost pipeline;
        private readonly BlockingCollection<Action> queue;

        public MarshallingHost(IPipelineHost pipeline, BlockingCollection<Action> queue, CancellationToken token)
        {
            this.pipeline = pipeline;
            this.queue = queue;
            CancellationToken = token;
            IsWhatIf = pipeline.IsWhatIf;
            IsDebugEnabled = pipeline.IsDebugEnabled;
        }

        public CancellationToken CancellationToken { get; }
        public bool IsWhatIf { get; }
        public bool IsDebugEnabled { get; }

        public bool ShouldProcess(string target, string action)
        {
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try
                {
                    answer.SetResult(pipeline.ShouldProcess(target, action));
                }
                catch (Exception e)
                {
                    answer.SetException(e);
                    throw;
                }
            });
            answer.Task.Wait(CancellationToken);
            return answer.Task.Result;
        }

        public void WriteObject(object item) => Post(() => pipeline.WriteObject(item));
        public void WriteError(LensmorException error) => Post(() => pipeline.WriteError(error));
        public void WriteVerbose(string message) => Post(() => pipeline.WriteVerbose(message));
        public void WriteDebug(string message) => Post(() => pipeline.WriteDebug(message));
        public void WriteWarning(string message) => Post(() => pipeline.WriteWarning(message));
        public void WriteInformation(object data, params string[] tags) => Post(() => pipeline.WriteInformation(data, tags));
        public void WriteHostLine(string message) => Post(() => pipeline.WriteHostLine(message));
        public void WriteProgress(LensmorProgress progress) => Post(() => pipeline.WriteProgress(progress));
        public void WriteTotalCount(long total) => Post(() => pipeline.WriteTotalCount(total));

        private void Post(Action call)
        {
            try
            {
                queue.Add(call, CancellationToken);
            }
            catch (InvalidOperationException)
            {
                // The pipeline has stopped consuming; the operation is being cancelled.
                throw new OperationCanceledException(CancellationToken);
            }
        }
    }
}
