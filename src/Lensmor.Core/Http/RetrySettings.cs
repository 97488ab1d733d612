namespace Lensmor.Core.Http;

public sealed class RetrySettings
{
    /// <summary>Retries after 429 on any route (the server did nothing) and after 5xx or network failures on reads.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff for 5xx and network failures on reads; doubles each time, with full jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A Retry-After longer than this is not waited out: the error says when to try again.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(120);

    public RetrySettings Clone() => (RetrySettings)MemberwiseClone();
}
