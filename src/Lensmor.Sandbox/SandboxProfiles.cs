using System.Globalization;

namespace Lensmor.Sandbox;

/// <summary>
/// Named sets of conditions. "default" is what the tests run at: generous (200 requests/s, a burst of 400, no
/// latency, tasks in 300 ms). "real" is about what the real service publishes and a user meets: an internet round
/// trip (150 ms, give or take 50), 2 requests/s with a burst of 120 (the documented limit example), contact tasks
/// that take tens of seconds, and now and then a 5xx on a read. A paid route never gets an injected 5xx: its
/// outcome would be unknown, and what the client does then is the fault matrix's business, not a profile's.
/// </summary>
public static class SandboxProfiles
{
    public const string Default = "default";
    public const string Real = "real";

    public static IReadOnlyList<string> Names { get; } = [Default, Real];

    /// <summary>Sets the profile's conditions on <paramref name="options"/> (its key, balance, URL and seed are kept).</summary>
    /// <exception cref="ArgumentException">An unknown profile name.</exception>
    public static SandboxOptions Apply(SandboxOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        var conditions = (name ?? "").ToLowerInvariant() switch
        {
            Default => new SandboxOptions(),
            Real => new SandboxOptions
            {
                LatencyMs = 150,
                LatencyJitterMs = 50,
                RateLimitPerSecond = 2,
                RateLimitBurst = 120,
                TaskStepDelay = TimeSpan.FromSeconds(10),
                TaskPollHintMs = 5000,
                ReadFaultPercent = 1,
            },
            _ => throw new ArgumentException($"Unknown profile '{name}': use {string.Join(" or ", Names)}."),
        };
        options.Profile = name!.ToLowerInvariant();
        options.LatencyMs = conditions.LatencyMs;
        options.LatencyJitterMs = conditions.LatencyJitterMs;
        options.RateLimitPerSecond = conditions.RateLimitPerSecond;
        options.RateLimitBurst = conditions.RateLimitBurst;
        options.RateLimited = conditions.RateLimited;
        options.TaskStepDelay = conditions.TaskStepDelay;
        options.TaskPollHintMs = conditions.TaskPollHintMs;
        options.ReadFaultPercent = conditions.ReadFaultPercent;
        return options;
    }

    /// <summary>One line for the console: the conditions in effect.</summary>
    public static string Describe(SandboxOptions o)
    {
        var latency = o.LatencyJitterMs > 0 ? $"{o.LatencyMs}±{o.LatencyJitterMs} ms" : $"{o.LatencyMs} ms";
        var rate = o.RateLimited ? $"{o.RateLimitPerSecond} requests/s, burst {o.RateLimitBurst}" : "no rate limit";
        var tasks = (o.TaskStepDelay.TotalSeconds * 2).ToString("0.#", CultureInfo.InvariantCulture);
        var faults = o.ReadFaultPercent > 0 ? $"{o.ReadFaultPercent.ToString("0.##", CultureInfo.InvariantCulture)}% of reads answer 503" : "no injected 5xx";
        return $"Profile {o.Profile}: latency {latency}, {rate}, contact tasks {tasks} s (poll hint {o.TaskPollHintMs} ms), {faults}";
    }
}

/// <summary>
/// What the conditions decide for one request: its latency, with jitter, and whether a read is answered 503.
/// Drawn from one generator seeded with <see cref="SandboxOptions.Seed"/>, so a run in one order draws the same.
/// </summary>
internal sealed class SandboxConditions(SandboxOptions options)
{
    private readonly object _lock = new();
    private readonly Random _random = new(options.Seed);

    public int NextLatencyMs()
    {
        if (options.LatencyJitterMs <= 0) return options.LatencyMs;
        lock (_lock) return Math.Max(0, options.LatencyMs + _random.Next(-options.LatencyJitterMs, options.LatencyJitterMs + 1));
    }

    /// <summary>True when this request, on a known route that cannot spend, is to be answered 503. Never for a paid route.</summary>
    public bool FailsRead(SandboxApi.RouteMatch? route)
    {
        if (route == null || route.Paid || options.ReadFaultPercent <= 0) return false;
        lock (_lock) return _random.NextDouble() * 100 < options.ReadFaultPercent;
    }
}
