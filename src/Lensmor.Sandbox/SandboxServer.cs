using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lensmor.Sandbox;

/// <summary>An in-process, loopback-only Lensmor-compatible HTTP server.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly SandboxOptions _options;
    private readonly SandboxApi _api;
    private readonly RateLimiter _rateLimiter;
    private long _traceCounter;
    private int _disposed;

    private SandboxServer(WebApplication app, SandboxOptions options, DateTimeOffset startedAt)
    {
        _app = app;
        _options = options;
        Ledger = new SandboxLedger(options.SubscriptionBalance, options.GiftBalance, options.AddonBalance);
        World = new SandboxWorld(options.Seed, DateOnly.FromDateTime(startedAt.UtcDateTime));
        Requests = new SandboxRequestLog();
        Faults = new SandboxFaults();
        _api = new SandboxApi(World, Ledger, options, startedAt);
        _rateLimiter = new RateLimiter(options.RateLimitPerSecond, options.RateLimitBurst);
        BaseUri = new Uri("http://127.0.0.1/");
    }

    public Uri BaseUri { get; private set; }
    public string ApiKey => _options.ApiKey;
    public SandboxLedger Ledger { get; }
    public SandboxRequestLog Requests { get; }
    public SandboxFaults Faults { get; }
    public SandboxWorld World { get; }

    /// <summary>Starts a sandbox. Throws <see cref="ArgumentException"/> for a non-loopback URL.</summary>
    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SandboxOptions();
        if (string.IsNullOrEmpty(options.ApiKey)) throw new ArgumentException("ApiKey must not be empty.", nameof(options));
        if (options.RateLimitPerSecond < 1 || options.RateLimitBurst < 1) throw new ArgumentException("Rate limits must be at least 1.", nameof(options));
        var endpoints = ParseLoopbackUrls(options.Urls);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        // No console lifetime: an in-process sandbox must not hook Ctrl+C / SIGTERM of its host process.
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            foreach (var ep in endpoints) k.Listen(ep);
        });
        var app = builder.Build();
        var server = new SandboxServer(app, options, DateTimeOffset.UtcNow);
        app.Run(server.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);

        var addresses = app.Services.GetService(typeof(IServer)) is IServer s
            ? s.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? []
            : [];
        var first = addresses.FirstOrDefault() ?? throw new InvalidOperationException("The sandbox did not report a listening address.");
        var uri = new Uri(first);
        server.BaseUri = new Uri($"http://{(uri.Host == "[::1]" || uri.Host == "::1" ? "[::1]" : "127.0.0.1")}:{uri.Port}/");
        return server;
    }

    /// <summary>Parses ';'-separated URLs; every host must be loopback (127.x.x.x, ::1 or localhost).</summary>
    internal static List<IPEndPoint> ParseLoopbackUrls(string urls)
    {
        var result = new List<IPEndPoint>();
        foreach (var raw in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"Invalid sandbox URL '{raw}': use http://127.0.0.1:<port>.");
            IPAddress ip;
            if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) ip = IPAddress.Loopback;
            else if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) || !IPAddress.IsLoopback(parsed))
                throw new ArgumentException($"Refusing to bind the sandbox to non-loopback host '{uri.Host}': only 127.0.0.1, ::1 or localhost are allowed.");
            else ip = parsed;
            result.Add(new IPEndPoint(ip, uri.Port));
        }
        if (result.Count == 0) throw new ArgumentException("No sandbox URL given.");
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await _app.StopAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ pipeline

    private string NextTraceId() => "sbx-" + Interlocked.Increment(ref _traceCounter).ToString("x6", CultureInfo.InvariantCulture);

    private async Task HandleAsync(HttpContext ctx)
    {
        var remote = ctx.Connection.RemoteIpAddress;
        if (remote != null && !IPAddress.IsLoopback(remote)) { ctx.Abort(); return; }

        var path = ctx.Request.Path.Value ?? "/";
        if (path.StartsWith("/_sandbox/", StringComparison.Ordinal) || path == "/_sandbox")
        {
            await HandleControlAsync(ctx, path).ConfigureAwait(false);
            return;
        }

        var traceId = NextTraceId();
        ctx.Response.Headers["X-Request-ID"] = traceId;
        var method = ctx.Request.Method.ToUpperInvariant();
        string? body = null;
        var status = 0;
        var paid = false;
        var auth = ctx.Request.Headers.Authorization.Count > 0 ? ctx.Request.Headers.Authorization.ToString() : null;
        var callSource = ctx.Request.Headers.TryGetValue("x-call-source", out var cs) ? cs.ToString() : null;
        var aborted = ctx.RequestAborted;
        try
        {
            if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
            {
                using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
                body = await reader.ReadToEndAsync(aborted).ConfigureAwait(false);
                if (body.Length == 0) body = null;
            }

            if (_options.LatencyMs > 0) await Task.Delay(_options.LatencyMs, aborted).ConfigureAwait(false);

            if (!path.StartsWith("/external/", StringComparison.Ordinal))
            {
                status = await WriteAsync(ctx, SandboxResult.Error(404, "ROUTE_NOT_FOUND", $"No route {method} {path}.", traceId)).ConfigureAwait(false);
                return;
            }

            if (!IsAuthorized(auth))
            {
                status = await WriteAsync(ctx, SandboxResult.Error(401, "INVALID_API_KEY", "Missing or invalid API key. Send Authorization: Bearer <key>.", traceId)).ConfigureAwait(false);
                return;
            }

            var rl = _options.RateLimited ? _rateLimiter.TryTake(_options.ApiKey) : default;
            if (_options.RateLimited && !rl.Allowed)
            {
                var r = SandboxResult.Error(429, "RATE_LIMIT_EXCEEDED", "Too many requests; retry later.", traceId);
                r.Headers["Retry-After"] = rl.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                status = await WriteAsync(ctx, r).ConfigureAwait(false);
                return;
            }

            var route = _api.Match(method, path);
            paid = route?.Paid ?? false;

            var fault = Faults.TryTake(method, path);
            if (fault != null)
            {
                switch (fault.Kind)
                {
                    case SandboxFaultKind.Latency:
                        await Task.Delay(Math.Max(0, fault.DelayMs), aborted).ConfigureAwait(false);
                        fault = null;
                        break;
                    case SandboxFaultKind.StatusBeforeExecute:
                        {
                            var r = FaultError(fault.StatusCode, traceId);
                            if (fault.StatusCode == 429) r.Headers["Retry-After"] = Math.Max(0, fault.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
                            status = await WriteAsync(ctx, r).ConfigureAwait(false);
                            return;
                        }
                    case SandboxFaultKind.DropBeforeExecute:
                        ctx.Abort();
                        return;
                }
            }

            SandboxResult result;
            if (route == null)
            {
                result = SandboxResult.Error(404, "ROUTE_NOT_FOUND", $"No route {method} {path}.", traceId);
            }
            else
            {
                var req = new SandboxCall(method, path, route.Groups, ctx.Request.Query, body, callSource, traceId);
                result = _api.Execute(route, req);
            }

            if (result.Status < 400 && _options.RateLimited)
            {
                result.Headers["X-RateLimit-Limit"] = _options.RateLimitPerSecond.ToString(CultureInfo.InvariantCulture);
                result.Headers["X-RateLimit-Remaining"] = rl.Remaining.ToString(CultureInfo.InvariantCulture);
                result.Headers["X-RateLimit-Reset"] = rl.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
            }

            switch (fault?.Kind)
            {
                case SandboxFaultKind.DropAfterExecute:
                    ctx.Abort();
                    return;
                case SandboxFaultKind.DelayAfterExecute:
                    await Task.Delay(Math.Max(0, fault.DelayMs), aborted).ConfigureAwait(false);
                    break;
                case SandboxFaultKind.MalformedBodyAfterExecute:
                    {
                        var text = JsonSerializer.Serialize(result.Body, Json);
                        result.RawBody = text.Length >= 2 ? text[..(text.Length / 2)] : "{";
                        break;
                    }
            }
            status = await WriteAsync(ctx, result).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // client went away; nothing to write
        }
        finally
        {
            Requests.Add(new SandboxRequest(DateTimeOffset.UtcNow, method, path, ctx.Request.QueryString.Value ?? "", body, callSource, auth,
                status, paid, traceId, ctx.Request.Headers.UserAgent.ToString()));
        }
    }

    private static SandboxResult FaultError(int statusCode, string traceId)
    {
        var key = statusCode switch
        {
            400 => "VALIDATION_FAILED",
            401 => "INVALID_API_KEY",
            402 => "INSUFFICIENT_CREDITS",
            404 => "NOT_FOUND",
            409 => "STATE_CONFLICT",
            429 => "RATE_LIMIT_EXCEEDED",
            503 => "SERVICE_UNAVAILABLE",
            _ => "INTERNAL_ERROR",
        };
        return SandboxResult.Error(statusCode, key, $"Injected sandbox fault ({statusCode}).", traceId);
    }

    private bool IsAuthorized(string? header)
    {
        if (header == null) return false;
        var h = header.Trim();
        var space = h.IndexOf(' ');
        if (space <= 0) return false;
        if (!h[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return false;
        var key = h[(space + 1)..].Trim();
        return CryptographicEquals(key, _options.ApiKey);
    }

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static async Task<int> WriteAsync(HttpContext ctx, SandboxResult result)
    {
        ctx.Response.StatusCode = result.Status;
        foreach (var (k, v) in result.Headers) ctx.Response.Headers[k] = v;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        var text = result.RawBody ?? JsonSerializer.Serialize(result.Body, Json);
        await ctx.Response.WriteAsync(text, ctx.RequestAborted).ConfigureAwait(false);
        return result.Status;
    }

    // ------------------------------------------------------------------ control surface

    private async Task HandleControlAsync(HttpContext ctx, string path)
    {
        var method = ctx.Request.Method.ToUpperInvariant();
        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        SandboxResult r;
        try
        {
            r = (method, path.TrimEnd('/')) switch
            {
                ("GET", "/_sandbox/ledger") => SandboxResult.Ok(200, LedgerView()),
                ("GET", "/_sandbox/requests") => SandboxResult.Ok(200, Requests.All.Select(q => new
                {
                    at = q.At, method = q.Method, path = q.Path, query = q.Query, body = q.Body, callSource = q.CallSource,
                    hasAuthorization = q.Authorization != null, statusCode = q.StatusCode, isPaidRoute = q.IsPaidRoute, traceId = q.TraceId,
                }).ToArray()),
                ("DELETE", "/_sandbox/requests") => Do(() => Requests.Clear()),
                ("POST", "/_sandbox/faults") => Do(() => Faults.Add(ParseFault(body))),
                ("DELETE", "/_sandbox/faults") => Do(Faults.Clear),
                ("GET", "/_sandbox/faults") => SandboxResult.Ok(200, new { pending = Faults.Pending }),
                ("POST", "/_sandbox/balance") => Do(() => SetBalance(body)),
                _ => SandboxResult.Error(404, "ROUTE_NOT_FOUND", $"No control route {method} {path}.", "sbx-control"),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            r = SandboxResult.Error(400, "VALIDATION_FAILED", ex.Message, "sbx-control");
        }
        await WriteAsync(ctx, r).ConfigureAwait(false);

        SandboxResult Do(Action a) { a(); return SandboxResult.Ok(200, new { ok = true, pendingFaults = Faults.Pending, ledger = LedgerView() }); }
    }

    private object LedgerView()
    {
        var s = Ledger.Snapshot();
        return new
        {
            totalBalance = s.Total, subscriptionBalance = s.Sub, addonBalance = s.Addon, giftBalance = s.Gift,
            charges = Ledger.Charges.Select(c => new { at = c.At, action = c.Action, target = c.Target, credits = c.Credits, traceId = c.TraceId }).ToArray(),
        };
    }

    private static SandboxFault ParseFault(string body)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        var props = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
        string Str(string name, string? def = null) =>
            props.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : def ?? throw new ArgumentException($"Missing '{name}'.");
        int Int(string name, int def) => props.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : def;
        SandboxFaultKind kind;
        if (props.TryGetValue("kind", out var k) && k.ValueKind == JsonValueKind.Number) kind = (SandboxFaultKind)k.GetInt32();
        else if (!Enum.TryParse(Str("kind"), true, out kind)) throw new ArgumentException("Unknown fault kind.");
        if (!Enum.IsDefined(kind)) throw new ArgumentException("Unknown fault kind.");
        return new SandboxFault(Str("method", "*"), Str("pathPattern"), kind, Int("times", 1))
        {
            StatusCode = Int("statusCode", 500), RetryAfterSeconds = Int("retryAfterSeconds", 1), DelayMs = Int("delayMs", 0),
        };
    }

    private void SetBalance(string body)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        var props = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
        decimal Dec(decimal def, params string[] names)
        {
            foreach (var n in names) if (props.TryGetValue(n, out var v) && v.ValueKind == JsonValueKind.Number) return v.GetDecimal();
            return def;
        }
        Ledger.SetBalance(Dec(0, "subscription", "subscriptionBalance"), Dec(0, "gift", "giftBalance"), Dec(0, "addon", "addonBalance"));
    }
}

internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

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

/// <summary>A handler's answer.</summary>
internal sealed class SandboxResult
{
    public int Status { get; init; }
    public object? Body { get; init; }
    public string? RawBody { get; set; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static SandboxResult Ok(int status, object body) => new() { Status = status, Body = body };

    public static SandboxResult Error(int status, string errorKey, string message, string traceId) =>
        new() { Status = status, Body = new { code = status, message, errorKey, traceId } };
}

/// <summary>Thrown by handlers to answer an ApiError.</summary>
internal sealed class ApiException(int status, string errorKey, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string ErrorKey { get; } = errorKey;
}
