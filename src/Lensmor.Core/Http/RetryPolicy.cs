using System.Globalization;
using Lensmor.Core.Errors;

namespace Lensmor.Core.Http;

/// <summary>
/// The one rule book for sending a request again; <see cref="LensmorClient"/> sends once and asks it. The rule
/// that matters most is its first: a paid request is never sent again unless Lensmor answered 429, because
/// any other failure (no answer, a body that could not be read, a 5xx) may mean it was applied. The second: a
/// 429 holds the whole key (<see cref="HoldKey"/>), retried or not, and that hold is the only wait before the
/// retry, so that the request that met the 429 does not wait it out and then queue behind the others again.
/// </summary>
internal sealed class RetryPolicy
{
    private static readonly object JitterLock = new();
    private static readonly Random Jitter = new();
    private readonly RetrySettings settings;

    public RetryPolicy(RetrySettings settings) => this.settings = settings;

    public int MaxRetries => settings.MaxRetries;

    /// <summary>What to do after a failed attempt: the wait before the next one, or null to give up.</summary>
    /// <param name="attempt">0 for the first attempt.</param>
    public RetryStep? After(RequestKind kind, int attempt, AttemptFailure failure)
    {
        if (attempt >= settings.MaxRetries)
        {
            return null;
        }

        if (failure.Status == 429)
        {
            // The server did nothing, so even a paid request may go again, after what Retry-After asks.
            var wait = failure.RetryAfter ?? TimeSpan.FromSeconds(1);
            return wait <= settings.MaxRetryAfter ? new RetryStep(wait, RateLimited: true) : null;
        }

        if (kind == RequestKind.Paid)
        {
            return null;
        }

        return failure.Status is { } status && status < 500 ? null : new RetryStep(Backoff(attempt), RateLimited: false);
    }

    /// <summary>
    /// How long every request on the key must wait after this failure: a 429's Retry-After (1 s when it gives
    /// none), whether or not this request is sent again; never longer than <see cref="RetrySettings.MaxRetryAfter"/>,
    /// so that a server asking for an hour fails the next requests with its own 429 instead of stalling them
    /// silently. Null for every other failure: it says nothing about the key's limit.
    /// </summary>
    public TimeSpan? HoldKey(AttemptFailure failure)
    {
        if (failure.Status != 429)
        {
            return null;
        }

        var wait = failure.RetryAfter ?? TimeSpan.FromSeconds(1);
        return wait <= settings.MaxRetryAfter ? wait : settings.MaxRetryAfter;
    }

    /// <summary>Equal jitter: never less than half the ceiling, so clients that failed together spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(settings.MaxDelay.TotalMilliseconds, settings.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        double fraction;
        lock (JitterLock)
        {
            fraction = Jitter.NextDouble();
        }

        return TimeSpan.FromMilliseconds((ceiling / 2) + (fraction * ceiling / 2));
    }
}

/// <summary>
/// The wait before the next attempt. <paramref name="RateLimited"/>: a 429, whose wait is the key's hold
/// (<see cref="RetryPolicy.HoldKey"/>), waited out by the rate model for this request and every other alike.
/// </summary>
internal sealed record RetryStep(TimeSpan Wait, bool RateLimited)
{
    public string Seconds => Wait.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>How one attempt failed: no answer at all, an answer whose body could not be read, or an error status.</summary>
internal sealed class AttemptFailure
{
    private AttemptFailure(string reason, Exception? cause)
    {
        Reason = reason;
        Cause = cause;
    }

    /// <summary>What happened, for the retry's verbose line and the error: "No answer within 60 s".</summary>
    public string Reason { get; }
    public Exception? Cause { get; }

    /// <summary>The HTTP status of an error answer; null when no answer came, or its body could not be read.</summary>
    public int? Status { get; private set; }

    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>The connection was never made: nothing reached the server.</summary>
    public bool NeverConnected { get; private set; }

    /// <summary>An answer came (its status <see cref="AnsweredStatus"/>) but its body could not be read.</summary>
    public bool Unreadable { get; private set; }

    public int AnsweredStatus { get; private set; }
    public string? TraceId { get; private set; }
    public ApiErrorBody? Body { get; private set; }

    public static AttemptFailure NoAnswer(string reason, Exception cause, bool neverConnected) =>
        new(reason, cause) { NeverConnected = neverConnected };

    public static AttemptFailure UnreadableBody(string reason, int status, string? traceId, Exception cause) =>
        new(reason, cause) { Unreadable = true, AnsweredStatus = status, TraceId = traceId };

    public static AttemptFailure ErrorStatus(int status, ApiErrorBody? body, string? traceId, TimeSpan? retryAfter) =>
        new($"Lensmor answered HTTP {status}", null) { Status = status, AnsweredStatus = status, Body = body, TraceId = traceId, RetryAfter = retryAfter };

    /// <summary>The error for a failure that is not tried again, after <paramref name="attempts"/> attempts.</summary>
    public LensmorException ToError(LensmorRequest request, int attempts, Redactor redactor)
    {
        if (Status is { } status)
        {
            return ErrorMapper.FromStatus(status, request, Body, TraceId, redactor);
        }

        if (request.Kind == RequestKind.Paid)
        {
            return NeverConnected ? ErrorMapper.Network(request, Reason, nothingSent: true, Cause, redactor) : ErrorMapper.OutcomeUnknown(request, Reason, Cause, redactor);
        }

        return Unreadable
            ? new LensmorException(ErrorIds.UnexpectedResponse, LensmorErrorCategory.InvalidData, redactor.Redact(Reason + " for " + request + "."),
                "Try again later; quote the traceId to Lensmor support if it persists.", true, request.Target, AnsweredStatus, TraceId, inner: Cause)
            : ErrorMapper.Network(request, Reason + $"; gave up after {attempts} attempts", NeverConnected, Cause, redactor);
    }
}
