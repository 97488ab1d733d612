namespace Lensmor.Core.Http;

public sealed class LensmorResponse<T>
{
    public LensmorResponse(T value, int statusCode, string? traceId, int? pollAfterMs)
    {
        Value = value;
        StatusCode = statusCode;
        TraceId = traceId;
        PollAfterMs = pollAfterMs;
    }

    public T Value { get; }
    public int StatusCode { get; }

    /// <summary>X-Request-ID, the same value as an ApiError's traceId: what Lensmor support asks for.</summary>
    public string? TraceId { get; }

    /// <summary>A server hint for how soon to poll a task again (the sandbox sends it).</summary>
    public int? PollAfterMs { get; }
}
