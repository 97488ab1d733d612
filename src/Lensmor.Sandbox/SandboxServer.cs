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
public sealed partial class SandboxServer : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly SandboxOptions _options;
    private readonly SandboxApi _api;
    private readonly RateLimiter _rateLimiter;
    private readonly SandboxConditions _conditions;
    private readonly DateTimeOffset _startedAt;
    private readonly System.Diagnostics.Stopwatch _sinceStart = System.Diagnostics.Stopwatch.StartNew();
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
        _conditions = new SandboxConditions(options);
        _startedAt = startedAt;
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

        var receivedAt = _startedAt + _sinceStart.Elapsed;
        var latencyMs = _conditions.NextLatencyMs();
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

            if (latencyMs > 0) await Task.Delay(latencyMs, aborted).ConfigureAwait(false);

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
            else if (_conditions.FailsRead(route))
            {
                status = await WriteAsync(ctx, FaultError(503, traceId)).ConfigureAwait(false);
                return;
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
                status, paid, traceId, ctx.Request.Headers.UserAgent.ToString()) { ReceivedAt = receivedAt, LatencyMs = latencyMs });
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
}

internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
