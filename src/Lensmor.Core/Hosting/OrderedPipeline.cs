using System.Collections.Concurrent;
using Lensmor.Core.Errors;

namespace Lensmor.Core.Hosting;

/// <summary>
/// Runs the operation of each piped input ahead of the pipeline, at most <c>throttleLimit</c> at a time, and
/// writes what they write in input order: the pages of the next event are fetched while the current one drains.
/// </summary>
/// <remarks>
/// Each operation writes into its own bounded queue, so an operation that is not at the head yet stops (and its
/// pager stops fetching) once its queue is full: memory is bounded by the limit times the queue. The pipeline
/// thread replays the head's calls; when the pipeline refuses more (Select-Object -First, Ctrl+C, a terminating
/// error) every operation is cancelled, so their requests stop too.
/// </remarks>
public sealed class OrderedPipeline : IDisposable
{
    /// <summary>Calls one operation may have written ahead of the pipeline: a whole event's people, typically.</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>More events at once only adds memory: every request shares the key's rate limit anyway.</summary>
    public const int MaxThrottleLimit = 16;

    private readonly IPipelineHost pipeline;
    private readonly CancellationTokenSource stop;
    private readonly int throttleLimit;
    private readonly int capacity;
    private readonly Action<LensmorException> report;
    private readonly Queue<Job> running = new();

    /// <param name="report">How an operation's failure is reported when its turn comes (it may throw to end the pipeline).</param>
    public OrderedPipeline(IPipelineHost pipeline, CancellationToken cancellationToken, int throttleLimit, Action<LensmorException> report, int capacity = DefaultCapacity)
    {
        if (throttleLimit < 1 || throttleLimit > MaxThrottleLimit)
        {
            throw LensmorException.InvalidArgument(
                $"-ThrottleLimit {throttleLimit} is out of range; pass 1 to {MaxThrottleLimit}. Nothing was sent.", throttleLimit, $"Pass -ThrottleLimit between 1 and {MaxThrottleLimit}.");
        }

        this.pipeline = pipeline;
        this.throttleLimit = throttleLimit;
        this.capacity = capacity;
        this.report = report;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Starts one input's operation (waiting first for the oldest to finish when the limit is reached). Pipeline thread only.</summary>
    public void Add(Func<ILensmorHost, Task> operation)
    {
        Guard(() =>
        {
            while (running.Count >= throttleLimit)
            {
                DrainHead();
            }

            running.Enqueue(Start(operation));
            WriteWhatIsReady();
        });
    }

    /// <summary>Writes everything that is left, in order (EndProcessing). Pipeline thread only.</summary>
    public void Complete() => Guard(() =>
    {
        while (running.Count > 0)
        {
            DrainHead();
        }
    });

    public void Dispose() => stop.Dispose();

    private Job Start(Func<ILensmorHost, Task> operation)
    {
        var queue = new BlockingCollection<Action>(capacity);
        var host = new PipelineBridge.MarshallingHost(pipeline, queue, stop.Token);
        var work = Task.Run(() => operation(host), stop.Token);
        work.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
        return new Job(queue, work);
    }

    /// <summary>Writes what the head has written so far without waiting, and moves past heads that are done.</summary>
    private void WriteWhatIsReady()
    {
        while (running.Count > 0)
        {
            var head = running.Peek();
            while (head.Queue.TryTake(out var call))
            {
                call();
            }

            if (!head.Queue.IsCompleted)
            {
                return;
            }

            DrainHead();
        }
    }

    /// <summary>
    /// Writes all the head writes until it ends, then reports its failure. The head leaves the queue only once
    /// it has ended, so that when the pipeline refuses more, <see cref="Guard"/> waits for it too.
    /// </summary>
    private void DrainHead()
    {
        var head = running.Peek();
        foreach (var call in head.Queue.GetConsumingEnumerable())
        {
            call();
        }

        running.Dequeue();
        try
        {
            head.Work.GetAwaiter().GetResult();
        }
        catch (LensmorException e)
        {
            report(e);
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch
        {
            // The pipeline refused more or a failure ends it: stop every operation and its requests, wait for
            // them, and let the exception travel on.
            stop.Cancel();
            foreach (var job in running)
            {
                job.Queue.CompleteAdding();
                try
                {
                    job.Work.Wait();
                }
                catch (AggregateException)
                {
                }
            }

            running.Clear();
            throw;
        }
    }

    private sealed class Job
    {
        public Job(BlockingCollection<Action> queue, Task work)
        {
            Queue = queue;
            Work = work;
        }

        public BlockingCollection<Action> Queue { get; }
        public Task Work { get; }
    }
}
