namespace Lensmor.Core.Http;

public sealed class LensmorResponse<T>
{
    public LensmorResponse(T value, int statusCode, string? traceId, int? pollAfterMs, int? rateLimitRemaining = null, long? rateLimitReset = null, int? rateLimitLimit = null)
    {
        Value = value;
        StatusCode = statusCode;
        TraceId = traceId;
        PollAfterMs = pollAfterMs;
        RateLimitRemaining = rateLimitRemaining;
        RateLimitReset = rateLimitReset;
        RateLimitLimit = rateLimitLimit;
    }

    /// <summary>X-RateLimit-Limit: requests allowed in a full window.</summary>
    public int? RateLimitLimit { get; }

    /// <summary>X-RateLimit-Remaining: requests left in the current window, when the server says.</summary>
    public int? RateLimitRemaining { get; }

    /// <summary>X-RateLimit-Reset: when the window resets, in Unix seconds.</summary>
    public long? RateLimitReset { get; }

    public T Value { get; }
    public int StatusCode { get; }

    /// <summary>X-Request-ID, the same value as an ApiError's traceId: what Lensmor support asks for.</summary>
    public string? TraceId { get; }

    /// <summary>A server hint for how soon to poll a task again (the sandbox sends it).</summary>
    public int? PollAfterMs { get; }
}
