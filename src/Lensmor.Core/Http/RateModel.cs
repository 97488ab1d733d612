using System.Diagnostics;
using System.Globalization;
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
/// Retry-After and slows the rate a little. A server that sends none of these headers is never paced.
/// </remarks>
public sealed class RateModel
{
    public const int ProgressActivityId = 4712;

    /// <summary>Pace slightly under the measured rate: a 429 costs a whole Retry-After, far more than the margin.</summary>
    internal const double Headroom = 0.97;

    /// <summary>A wait the user can feel is shown as progress (and in -Verbose).</summary>
    internal static readonly TimeSpan FeltWait = TimeSpan.FromSeconds(1);

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
    private (double At, long Answered, int Remaining)? anchor;

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
    /// <returns>The request's sequence number, to pass to <see cref="Observe"/> with its answer.</returns>
    public async Task<long> AcquireAsync(ILensmorHost host)
    {
        var (sequence, wait) = Reserve();
        if (wait <= 0)
        {
            return sequence;
        }

        var felt = wait >= FeltWait.TotalSeconds;
        if (felt)
        {
            StartPause(host, TimeSpan.FromSeconds(wait), null);
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
            var answeredBefore = unanswered.TryGetValue(sequence, out var sent) ? sent.AnsweredBefore : answered;
            unanswered.Remove(sequence);
            var answeredSince = answered - answeredBefore;
            answered++;
            if (remaining is not { } left)
            {
                return;
            }

            // How many the server holds is learned from Remaining alone. X-RateLimit-Limit counts requests per
            // window, and the window is not published (the sandbox's is a second, with a burst above the limit),
            // so taking it for the bucket's size, or for a rate, could pace far too fast.
            capacity = Math.Max(capacity, left + 1);

            // By the reset the server has given back what it lacks; it may well be sooner, never later. Remaining
            // is rounded down and Reset up to a whole second, so only a bucket at least half empty says enough
            // (the second's rounding is then small against the wait), and the lack is counted one short.
            var lacking = capacity - left - 1;
            if (resetUnixSeconds is { } reset && lacking >= capacity / 2.0 && lacking > 0)
            {
                var untilReset = Math.Max(reset - unixNow(), 0.001);
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
            Measure(now, left);
        }
    }

    /// <summary>A 429: the server took nothing. Everyone waits out Retry-After, and the pace slows a little.</summary>
    public void Throttled(TimeSpan retryAfter)
    {
        lock (gate)
        {
            var now = clock();
            blockedUntil = Math.Max(blockedUntil, now + retryAfter.TotalSeconds);
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

    /// <summary>Waits for the rate limit, showing a wait the user can feel as progress that is completed when it ends.</summary>
    /// <param name="reason">Written to -Verbose whatever the wait; without it only a felt wait is.</param>
    internal static async Task PauseAsync(ILensmorHost host, TimeSpan wait, string? reason)
    {
        if (reason != null)
        {
            host.WriteVerbose(reason);
        }

        if (wait < FeltWait)
        {
            await Task.Delay(wait, host.CancellationToken).ConfigureAwait(false);
            return;
        }

        StartPause(host, wait, reason);
        try
        {
            await Task.Delay(wait, host.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            EndPause(host);
        }
    }

    private static void StartPause(ILensmorHost host, TimeSpan wait, string? reason)
    {
        var seconds = wait.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (reason == null)
        {
            host.WriteVerbose($"Pacing at Lensmor's rate limit: waiting {seconds} s before the next request.");
        }

        host.WriteProgress(new LensmorProgress(ProgressActivityId, "Lensmor rate limit", $"Waiting {seconds} s for the rate limit"));
    }

    private static void EndPause(ILensmorHost host)
    {
        if (!host.CancellationToken.IsCancellationRequested)
        {
            host.WriteProgress(new LensmorProgress(ProgressActivityId, "Lensmor rate limit", "Done", 100, completed: true));
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

    private int InHand() => Math.Min(8, capacity / 50);

    private void Measure(double now, int remaining)
    {
        if (anchor is not { } from)
        {
            anchor = (now, answered, remaining);
            return;
        }

        var elapsed = now - from.At;
        if (elapsed < MeasuringSeconds)
        {
            return;
        }

        // Refill is only visible while the bucket is far from full (a full bucket wastes what it is given).
        if (from.Remaining < capacity / 2 && remaining < capacity / 2)
        {
            // The server took the requests answered in between (not those still on their way, which would
            // make the rate look faster than it is).
            var given = remaining - from.Remaining + (answered - from.Answered);
            if (given > 0)
            {
                var rate = given / elapsed;
                measuredRate = measuredRate is { } earlier ? (earlier + rate) / 2 : rate;
            }
        }

        anchor = (now, answered, remaining);
    }

    private double Rate() => Math.Max(SlowestRate, measuredRate ?? boundRate);
}
