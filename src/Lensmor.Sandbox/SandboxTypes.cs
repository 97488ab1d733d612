using System.Text.RegularExpressions;

namespace Lensmor.Sandbox;

/// <summary>Settings of one sandbox instance.</summary>
public sealed class SandboxOptions
{
    /// <summary>The key the README's commands use; the command line and the rehearsal start with it.</summary>
    public const string ReadmeApiKey = "sk_sandbox_0123456789abcdef";

    /// <summary>
    /// The one accepted API key; by default one of this sandbox's own. The module keeps a rate model per base URL and
    /// key for the whole process, so a sandbox that shared its key with an earlier one on the same port would inherit
    /// what that server had taught it: every sandbox is an account of its own unless it is told otherwise.
    /// </summary>
    public string ApiKey { get; set; } = "sk_sandbox_" + Guid.NewGuid().ToString("N");
    public decimal SubscriptionBalance { get; set; } = 30_050;
    public decimal GiftBalance { get; set; }
    public decimal AddonBalance { get; set; }
    /// <summary>Added to every /external request (the wait honours request abort).</summary>
    public int LatencyMs { get; set; }
    /// <summary>Each request's latency is LatencyMs plus a uniform draw in ±LatencyJitterMs (never below 0).</summary>
    public int LatencyJitterMs { get; set; }
    /// <summary>Loopback URL(s), separated by ';'. Port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";
    /// <summary>Token bucket per key: refills at RateLimitPerSecond up to RateLimitBurst.</summary>
    public int RateLimitPerSecond { get; set; } = 200;
    public int RateLimitBurst { get; set; } = 400;
    /// <summary>False: no 429 from the bucket and no X-RateLimit-* headers, like a server without a limit.</summary>
    public bool RateLimited { get; set; } = true;
    public int Seed { get; set; } = 42;
    /// <summary>Contact tasks advance pending -> processing -> completed, one step per this delay.</summary>
    public TimeSpan TaskStepDelay { get; set; } = TimeSpan.FromMilliseconds(300);
    /// <summary>Sent as X-Sandbox-Poll-After-Ms on task polls that are not terminal.</summary>
    public int TaskPollHintMs { get; set; } = 100;
    /// <summary>Percent (0-100) of reads answered 503 before they run. Reads only: a paid route never gets one.</summary>
    public double ReadFaultPercent { get; set; }
    /// <summary>The profile the conditions came from (see <see cref="SandboxProfiles"/>).</summary>
    public string Profile { get; set; } = SandboxProfiles.Default;

    /// <summary>Sets a profile's conditions (<see cref="SandboxProfiles.Apply"/>): <c>new SandboxOptions().UseProfile("real")</c>.</summary>
    public SandboxOptions UseProfile(string name) => SandboxProfiles.Apply(this, name);
}

/// <summary>One credit charge applied by the sandbox.</summary>
public sealed record SandboxCharge(DateTimeOffset At, string Action, string Target, decimal Credits, string TraceId);

/// <summary>
/// One logged /external request. At is when it was answered; ReceivedAt when it arrived (before the latency),
/// from a monotonic clock, so that the time between two requests can be compared; LatencyMs the latency added.
/// </summary>
public sealed record SandboxRequest(DateTimeOffset At, string Method, string Path, string Query, string? Body, string? CallSource, string? Authorization, int StatusCode, bool IsPaidRoute, string TraceId, string? UserAgent = null)
{
    public DateTimeOffset ReceivedAt { get; init; } = At;
    public int LatencyMs { get; init; }
}

public enum SandboxFaultKind
{
    /// <summary>Answer StatusCode (ApiError body; 429 adds Retry-After) without executing: nothing charged.</summary>
    StatusBeforeExecute,
    /// <summary>Abort the connection without executing.</summary>
    DropBeforeExecute,
    /// <summary>Execute (charge applied), then abort the connection before writing a response.</summary>
    DropAfterExecute,
    /// <summary>Execute (charge applied), then wait DelayMs before answering normally.</summary>
    DelayAfterExecute,
    /// <summary>Execute (charge applied), then answer the success status with a truncated JSON body.</summary>
    MalformedBodyAfterExecute,
    /// <summary>Wait DelayMs, then proceed normally.</summary>
    Latency,
}

public sealed record SandboxFault(string Method, string PathPattern, SandboxFaultKind Kind, int Times = 1)
{
    public int StatusCode { get; init; } = 500;
    public int RetryAfterSeconds { get; init; } = 1;
    public int DelayMs { get; init; }
}

/// <summary>Thread-safe credit ledger. Spending order: subscription, then add-on, then gift.</summary>
public sealed class SandboxLedger
{
    private readonly object _lock = new();
    private readonly List<SandboxCharge> _charges = new();
    private decimal _sub, _gift, _addon, _subAmount, _giftAmount, _addonAmount;

    internal SandboxLedger(decimal subscription, decimal gift, decimal addon) => SetBalance(subscription, gift, addon);

    public decimal TotalBalance { get { lock (_lock) { return _sub + _gift + _addon; } } }
    public decimal SubscriptionBalance { get { lock (_lock) { return _sub; } } }
    public decimal GiftBalance { get { lock (_lock) { return _gift; } } }
    public decimal AddonBalance { get { lock (_lock) { return _addon; } } }

    /// <summary>Every charge applied, in order.</summary>
    public IReadOnlyList<SandboxCharge> Charges { get { lock (_lock) { return _charges.ToArray(); } } }

    /// <summary>Sets balances and allocations (the "Amount" fields) to these values.</summary>
    public void SetBalance(decimal subscription, decimal gift = 0, decimal addon = 0)
    {
        if (subscription < 0 || gift < 0 || addon < 0) throw new ArgumentOutOfRangeException(nameof(subscription), "Balances cannot be negative.");
        lock (_lock)
        {
            _sub = _subAmount = subscription;
            _gift = _giftAmount = gift;
            _addon = _addonAmount = addon;
        }
    }

    internal BalanceSnapshot Snapshot()
    {
        lock (_lock) { return new BalanceSnapshot(_subAmount, _sub, _addonAmount, _addon, _giftAmount, _gift); }
    }

    /// <summary>Applies all charges or none. Returns false (nothing charged) when their sum exceeds the total balance.</summary>
    internal bool TryCharge(IReadOnlyList<(string Action, string Target, decimal Credits)> items, string traceId)
    {
        lock (_lock)
        {
            decimal sum = 0;
            foreach (var i in items) sum += i.Credits;
            if (sum > _sub + _gift + _addon) return false;
            var now = DateTimeOffset.UtcNow;
            foreach (var (action, target, credits) in items)
            {
                var left = credits;
                var take = Math.Min(left, _sub); _sub -= take; left -= take;
                take = Math.Min(left, _addon); _addon -= take; left -= take;
                take = Math.Min(left, _gift); _gift -= take;
                _charges.Add(new SandboxCharge(now, action, target, credits, traceId));
            }
            return true;
        }
    }

    internal bool TryCharge(string action, string target, decimal credits, string traceId) =>
        TryCharge(new[] { (action, target, credits) }, traceId);
}

internal readonly record struct BalanceSnapshot(decimal SubAmount, decimal Sub, decimal AddonAmount, decimal Addon, decimal GiftAmount, decimal Gift)
{
    public decimal Total => Sub + Addon + Gift;
    public decimal TotalAmount => SubAmount + AddonAmount + GiftAmount;
}

/// <summary>Thread-safe log of /external requests (control-surface requests are not logged).</summary>
public sealed class SandboxRequestLog
{
    private readonly object _lock = new();
    private readonly List<SandboxRequest> _all = new();

    public IReadOnlyList<SandboxRequest> All { get { lock (_lock) { return _all.ToArray(); } } }

    /// <summary>Requests to routes that can spend credits.</summary>
    public IReadOnlyList<SandboxRequest> Paid { get { lock (_lock) { return _all.Where(r => r.IsPaidRoute).ToArray(); } } }

    public int Count(string method, string pathPrefix)
    {
        lock (_lock)
        {
            return _all.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
                && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
        }
    }

    public void Clear() { lock (_lock) { _all.Clear(); } }

    internal void Add(SandboxRequest request) { lock (_lock) { _all.Add(request); } }
}

/// <summary>Thread-safe fault queue; faults are matched in order and consumed by Times.</summary>
public sealed class SandboxFaults
{
    private readonly object _lock = new();
    private readonly List<Entry> _entries = new();

    private sealed class Entry(SandboxFault fault, Regex regex)
    {
        public SandboxFault Fault { get; } = fault;
        public Regex Regex { get; } = regex;
        public int Left { get; set; } = fault.Times;
    }

    public void Add(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Times < 1) throw new ArgumentOutOfRangeException(nameof(fault), "Times must be at least 1.");
        var regex = new Regex(fault.PathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        lock (_lock) { _entries.Add(new Entry(fault, regex)); }
    }

    public void Clear() { lock (_lock) { _entries.Clear(); } }

    /// <summary>Number of fault applications still pending (sum of remaining Times).</summary>
    public int Pending { get { lock (_lock) { return _entries.Sum(e => e.Left); } } }

    internal SandboxFault? TryTake(string method, string path)
    {
        lock (_lock)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                var e = _entries[i];
                if (!(e.Fault.Method == "*" || string.Equals(e.Fault.Method, method, StringComparison.OrdinalIgnoreCase))) continue;
                if (!e.Regex.IsMatch(path)) continue;
                e.Left--;
                if (e.Left <= 0) _entries.RemoveAt(i);
                return e.Fault;
            }
            return null;
        }
    }
}
