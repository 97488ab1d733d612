using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Lensmor.Sandbox;

// The control surface (/_sandbox/*): no auth, not logged.
public sealed partial class SandboxServer
{
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
                    at = q.At, receivedAt = q.ReceivedAt, latencyMs = q.LatencyMs, method = q.Method, path = q.Path, query = q.Query, body = q.Body,
                    callSource = q.CallSource, hasAuthorization = q.Authorization != null, statusCode = q.StatusCode, isPaidRoute = q.IsPaidRoute, traceId = q.TraceId,
                }).ToArray()),
                ("DELETE", "/_sandbox/requests") => Do(() => Requests.Clear()),
                ("POST", "/_sandbox/faults") => Do(() => Faults.Add(ParseFault(body))),
                ("DELETE", "/_sandbox/faults") => Do(Faults.Clear),
                ("GET", "/_sandbox/faults") => SandboxResult.Ok(200, new { pending = Faults.Pending }),
                ("POST", "/_sandbox/balance") => Do(() => SetBalance(body)),
                ("POST", "/_sandbox/events/unlock") => Do(() => World.MarkEventUnlocked(RequiredString(body, "eventId"))),
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

    private static string RequiredString(string body, string name)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ArgumentException($"Missing '{name}'.");
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
