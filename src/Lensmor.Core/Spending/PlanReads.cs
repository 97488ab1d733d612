namespace Lensmor.Core.Spending;

/// <summary>
/// A plan's reads go out together, a few at a time: at the real service a read is a round trip of about 150 ms,
/// so reads sent one after another add up to minutes. How fast they may go is the key's one rate model's
/// business (every request still asks it); this only bounds how many wait for an answer at once, and hands the
/// answers back in the order the reads were asked for.
/// </summary>
public static class PlanReads
{
    /// <summary>Reads in flight at once: enough to hide the latency at the published limit, few enough to stay polite.</summary>
    public const int InFlight = 8;

    /// <summary>
    /// Runs <paramref name="read"/> for every item, at most <paramref name="limit"/> at once, and returns the
    /// answers in the items' order. The first failure stops the reads not yet started; those already running are
    /// waited for (nothing is left behind), then the failure is thrown.
    /// </summary>
    public static async Task<IReadOnlyList<TOut>> AllAsync<TIn, TOut>(IEnumerable<TIn> items, Func<TIn, Task<TOut>> read, CancellationToken cancellationToken, int limit = InFlight)
    {
        using var gate = new Gate(limit, cancellationToken);
        var answers = new List<TOut>();
        await InOrderAsync(items.Select(item => gate.RunAsync(() => read(item))).ToList(), answers.Add, gate).ConfigureAwait(false);
        return answers;
    }

    /// <summary>
    /// Hands the answers of reads already started (through <paramref name="gate"/>, or tasks that use it) to
    /// <paramref name="onEach"/> in the order they were started. The first failure, of a read or of
    /// <paramref name="onEach"/>, stops the gate's reads not yet started; the rest are waited for, then it is thrown.
    /// </summary>
    public static async Task InOrderAsync<T>(IReadOnlyList<Task<T>> running, Action<T> onEach, Gate gate)
    {
        try
        {
            foreach (var answer in running)
            {
                onEach(await answer.ConfigureAwait(false));
            }
        }
        catch
        {
            gate.Stop();
            await Settled(running).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until every task has ended, whatever its outcome.</summary>
    public static Task Settled(IEnumerable<Task> tasks) =>
        Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)));

    /// <summary>
    /// At most a limit of reads at once, in the order they were asked for; after <see cref="Stop"/> or a read's
    /// failure, the reads not yet started end as cancelled without running.
    /// </summary>
    public sealed class Gate : IDisposable
    {
        private readonly SemaphoreSlim places;
        private readonly CancellationToken cancellationToken;
        private volatile bool stopped;

        public Gate(int limit, CancellationToken cancellationToken)
        {
            places = new SemaphoreSlim(Math.Max(1, limit));
            this.cancellationToken = cancellationToken;
        }

        public async Task<T> RunAsync<T>(Func<Task<T>> read)
        {
            await places.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (stopped)
                {
                    throw new OperationCanceledException("The plan stopped before this read was sent.");
                }

                return await read().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopped)
            {
                // The first failure stops what has not started: the caller throws it once the rest has ended.
                stopped = true;
                throw;
            }
            finally
            {
                places.Release();
            }
        }

        public void Stop() => stopped = true;

        public void Dispose() => places.Dispose();
    }
}
