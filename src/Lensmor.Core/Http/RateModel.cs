using System.Diagnostics;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Http;

/// <summary>
/// What the client believes about the server's rate limit for one account, shared by every request of every
/// session on that account in this process (parallel runspaces included, see <see cref="RateModels"/>).
/// Requests are spread at the rate the server gives requests back, instead of spending everything and then
/// waiting for the bucket to be full again.
/// </summary>
/// <remarks>
/// The model is a token bucket that mirrors the server's. X-RateLimit-Remaining of an answer says how many
/// requests the server still allowed (less every request that may have reached it since); the largest Remaining
/// seen says how many it holds; the refill rate is measured
/// from how Remaining moves against the requests sent, and until it is measured, X-RateLimit-Reset (when the
/// server will have refilled) gives a rate that is never too fast. A 429 blocks every request until its
/// Retry-After and slows the rate a little. A server that sends none of these headers is never paced (a 429
/// from it blocks until its Retry-After, no longer). Times are taken so that an answer read late, on a loaded
/// machine, can only make the pace slower: the server handled a request after it was sent, before it was read.
/// </remarks>
public sealed partial class RateModel
{
    public const int ProgressActivityId = 4712;

    /// <summary>Pace slightly under the measured rate: a 429 costs a whole Retry-After, far more than the margin.</summary>
    internal const double Headroom = 0.97;

    /// <summary>A request not answered after this long was abandoned (Ctrl+C) and no longer counts as on its way.</summary>
    private const double Abandoned = 600;

    /// <summary>Refill is measured over at least this long, so that one late answer cannot skew it.</summary>
    private const double MeasuringSeconds = 2.0;

    /// <summary>A wait longer than this is planned again after it.</summary>
    private const double Slice = 0.25;

    /// <summary>No rate below this: a server that says nothing useful must not stall a session for minutes.</summary>
    private const double SlowestRate = 0.5;

    private static readonly double TickSeconds = 1.0 / Stopwatch.Frequency;

    private readonly object gate = new();
    private readonly Func<double> clock;
    private readonly Func<double> unixNow;
    private readonly Dictionary<long, (long AnsweredBefore, double At)> unanswered = new();
    private long issued;
    private long answered;
    private double? tokens;
    private double tokensAt;
    private double? measuredRate;
    private double boundRate;
    private int capacity;
    private double blockedUntil;
    private (double SentAt, double ReadAt, int Remaining)? anchor;

    /// <summary>When each answer read since the anchor's was read, of the requests sent after it was read.</summary>
    private readonly List<double> readSinceAnchor = new();

    public RateModel()
        : this(() => Stopwatch.GetTimestamp() * TickSeconds, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0)
    {
    }

    /// <param name="clock">Monotonic seconds.</param>
    /// <param name="unixNow">Wall-clock Unix seconds, to read X-RateLimit-Reset against.</param>
    internal RateModel(Func<double> clock, Func<double> unixNow)
    {
        this.clock = clock;
        this.unixNow = unixNow;
    }

    /// <summary>Requests per second the model paces at; null while the server has said nothing about its limit.</summary>
    public double? RatePerSecond
    {
        get
        {
            lock (gate)
            {
                return tokens == null ? null : Rate() * Headroom;
            }
        }
    }

    /// <summary>
    /// Waits, if need be, until the server can take one more request, and reserves it.
    /// </summary>
    /// <param name="reason">Why this request waits (a 429's retry): written to -Verbose instead of the pacing line.</param>
    /// <returns>The request's sequence number, to pass to <see cref="Observe"/> with its answer.</returns>
    public async Task<long> AcquireAsync(ILensmorHost host, string? reason = null)
    {
        if (reason != null)
        {
            host.WriteVerbose(reason);
        }

        var (sequence, wait) = Reserve();
        if (wait <= 0)
        {
            return sequence;
        }

        // Retry-After counts from when the 429 was read, so a one-second hold has a little less left by now.
        var felt = wait >= (reason == null ? FeltWait.TotalSeconds : FeltWait.TotalSeconds / 2);
        if (felt)
        {
            StartPause(host, TimeSpan.FromSeconds(wait), reason);
        }

        try
        {
            // A long wait is planned again slice by slice: an answer in the meantime may show that the server
            // has more than the model thought. (Never later than first planned, so no request waits forever.)
            while (wait > Slice)
            {
                await Task.Delay(TimeSpan.FromSeconds(Slice), host.CancellationToken).ConfigureAwait(false);
                wait = Replan(wait - Slice);
            }

            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), host.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (felt)
            {
                EndPause(host);
            }
        }

        Sending(sequence);
        return sequence;
    }

    /// <summary>
    /// Every attempt's end: its answer's X-RateLimit-Remaining and X-RateLimit-Reset, or nulls when it had none or no answer came.
    /// </summary>
    public void Observe(long sequence, int? remaining, long? resetUnixSeconds)
    {
        lock (gate)
        {
            var now = clock();
            var (answeredBefore, sentAt) = unanswered.TryGetValue(sequence, out var sent) ? sent : (answered, now);
            unanswered.Remove(sequence);
            var answeredSince = answered - answeredBefore;
            answered++;
            if (remaining is not { } reported)
            {
                CountRead(sentAt, now);
                return;
            }

            // How many the server holds is learned from Remaining alone. X-RateLimit-Limit counts requests per
            // window, and the window is not published (the sandbox's is a second, with a burst above the limit),
            // so taking it for the bucket's size, or for a rate, could pace far too fast.
            var left = Math.Max(0, reported);
            capacity = Math.Max(capacity, left + 1);

            // By the reset the server has given back what it lacks; it may well be sooner, never later. Remaining
            // is rounded down and Reset up to a whole second, so only a bucket at least half empty says enough
            // (the second's rounding is then small against the wait), and the lack is counted one short. The time
            // to the reset counts from when the request was sent: the server answered at some moment after that,
            // and counting from when the answer was read would make the reset look sooner, the rate faster.
            var lacking = capacity - left - 1;
            if (resetUnixSeconds is { } reset && lacking >= capacity / 2.0 && lacking > 0)
            {
                var untilReset = Math.Max(reset - (unixNow() - (now - sentAt)), 0.001);
                boundRate = Math.Max(boundRate, lacking / untilReset);
            }

            foreach (var stale in unanswered.Where(u => now - u.Value.At > Abandoned).Select(u => u.Key).ToList())
            {
                unanswered.Remove(stale);
            }

            // What the server had left when it took this request, less everything it may have taken since: the
            // requests still on their way and those answered after this one was sent (requests overtake each
            // other on the way). Never more than the server really has, whatever the order.
            tokens = left - unanswered.Count - answeredSince;
            tokensAt = Math.Max(now, blockedUntil);
            if (!Measure(now, sentAt, left))
            {
                CountRead(sentAt, now);
            }
        }
    }

    /// <summary>A 429: the server took nothing. Everyone waits out Retry-After, and the pace slows a little.</summary>
    public void Throttled(TimeSpan retryAfter)
    {
        lock (gate)
        {
            var now = clock();
            blockedUntil = Math.Max(blockedUntil, now + retryAfter.TotalSeconds);
            if (tokens == null)
            {
                // The server never said what it holds: no bucket to mirror, only Retry-After to wait out. (One of
                // size zero paced every later request at the slowest rate, for good, on a server without headers.)
                return;
            }

            if (measuredRate is { } rate)
            {
                measuredRate = rate * 0.9;
            }

            boundRate *= 0.9;

            // After Retry-After the server takes at least the request it refused. That request must not wait for
            // the few kept in hand as well: at the slowest rate that would hold everyone for many seconds more,
            // and its answer is what tells the model how much the server really has.
            tokens = 1 + InHand();
            tokensAt = blockedUntil;
            anchor = null;
        }
    }

    /// <summary>Gives back a waiting request's reservation and takes one again from what the model knows now.</summary>
    private double Replan(double planned)
    {
        lock (gate)
        {
            if (tokens is { } held)
            {
                tokens = held + 1;
            }

            return Math.Min(planned, Reserve(clock()));
        }
    }

    /// <returns>The request's sequence number and how many seconds it must wait before it is sent.</returns>
    internal (long Sequence, double Wait) Reserve()
    {
        lock (gate)
        {
            var now = clock();
            var sequence = issued++;
            unanswered[sequence] = (answered, now);
            return (sequence, Reserve(now));
        }
    }

    private double Reserve(double now)
    {
        if (tokens is not { } known)
        {
            return Math.Max(0, blockedUntil - now);
        }

        var start = Math.Max(now, blockedUntil);
        var rate = Rate() * Headroom;

        // A few requests are kept in hand: timers fire late and answers arrive in bunches on a busy machine,
        // and running dry costs a 429 and a whole Retry-After.
        var reserve = InHand();
        var available = Math.Min(capacity, known + (rate * Math.Max(0, start - tokensAt))) - reserve;
        tokens = available + reserve - 1;
        tokensAt = start;

        // Requests waiting already hold the tokens below zero, so each new one queues behind them.
        return available >= 1 ? start - now : start - now + ((1 - available) / rate);
    }

    /// <summary>A reserved request leaves now, after its wait: the server handles it no earlier than this.</summary>
    private void Sending(long sequence)
    {
        lock (gate)
        {
            if (unanswered.TryGetValue(sequence, out var reserved))
            {
                unanswered[sequence] = (reserved.AnsweredBefore, clock());
            }
        }
    }

    private int InHand() => Math.Min(8, capacity / 50);

    /// <summary>
    /// The refill between two answers that both found the bucket far from full (a full bucket wastes what it is
    /// given): what Remaining gained, plus what the server took in between. Counted so that it can only come out
    /// slow: the span from the anchor's sending to this answer's reading is never shorter than the server's, and
    /// the requests counted as taken in between are only those sent after the anchor was read and read before
    /// this one was sent, since an answer read late may have been handled before the anchor.
    /// </summary>
    /// <returns>True when this answer is the new anchor.</returns>
    private bool Measure(double now, double sentAt, int remaining)
    {
        if (anchor is { } from && sentAt >= from.ReadAt)
        {
            var elapsed = now - from.SentAt;
            if (elapsed < MeasuringSeconds)
            {
                return false;
            }

            if (from.Remaining < capacity / 2 && remaining < capacity / 2)
            {
                var takenBetween = readSinceAnchor.Count(read => read <= sentAt);
                var given = remaining - from.Remaining + takenBetween + 1;
                if (given > 0)
                {
                    var rate = given / elapsed;
                    measuredRate = measuredRate is { } earlier ? (earlier + rate) / 2 : rate;
                }
            }
        }
        else if (anchor != null)
        {
            // Sent before the anchor was read: the server may have handled it first, so it says nothing against it.
            return false;
        }

        anchor = (sentAt, now, remaining);
        readSinceAnchor.Clear();
        return true;
    }

    /// <summary>An answer the next measurement may count as taken after the anchor.</summary>
    private void CountRead(double sentAt, double now)
    {
        if (anchor is { } from && sentAt >= from.ReadAt && readSinceAnchor.Count < 100_000)
        {
            readSinceAnchor.Add(now);
        }
    }

    private double Rate() => Math.Max(SlowestRate, measuredRate ?? boundRate);
}
