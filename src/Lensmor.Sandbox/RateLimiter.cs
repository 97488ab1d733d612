namespace Lensmor.Sandbox;

/// <summary>Token bucket per key.</summary>
internal sealed class RateLimiter(int perSecond, int burst)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (double Tokens, long Ticks)> _buckets = new();

    public readonly record struct Decision(bool Allowed, int Remaining, long ResetUnixSeconds, int RetryAfterSeconds);

    public Decision TryTake(string key)
    {
        lock (_lock)
        {
            var now = Environment.TickCount64;
            var (tokens, last) = _buckets.TryGetValue(key, out var b) ? b : (burst, now);
            tokens = Math.Min(burst, tokens + (now - last) / 1000.0 * perSecond);
            var nowUnix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (tokens < 1)
            {
                _buckets[key] = (tokens, now);
                var wait = (int)Math.Ceiling((1 - tokens) / perSecond);
                return new Decision(false, 0, nowUnix + Math.Max(1, wait), Math.Max(1, wait));
            }
            tokens -= 1;
            _buckets[key] = (tokens, now);

            // Reset: the first whole second at which the bucket is full again (never earlier).
            var fullAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (burst - tokens) / perSecond * 1000.0;
            return new Decision(true, (int)Math.Floor(tokens), Math.Max(nowUnix + 1, (long)Math.Ceiling(fullAtMs / 1000.0)), 0);
        }
    }
}
