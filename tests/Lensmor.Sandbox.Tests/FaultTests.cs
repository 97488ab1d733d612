using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Lensmor.Sandbox.Tests;

public sealed class FaultTests
{
    private const string Ces = "139001";
    private const string UnlockPattern = "^/external/events/[^/]+/unlock$";

    [Fact]
    public async Task StatusBeforeExecute_answers_the_status_without_charging()
    {
        await using var h = await Harness.StartAsync();
        h.Server.Faults.Add(new SandboxFault("POST", UnlockPattern, SandboxFaultKind.StatusBeforeExecute, Times: 2) { StatusCode = 429, RetryAfterSeconds = 7 });
        for (var i = 0; i < 2; i++)
        {
            var r = await h.Post($"external/events/{Ces}/unlock");
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), r.Headers.RetryAfter?.Delta);
            var body = await Harness.Json(r);
            Assert.Equal(429, body.GetProperty("code").GetInt32());
            Assert.Equal(body.GetProperty("traceId").GetString(), r.Headers.GetValues("X-Request-ID").Single());
        }
        Assert.Empty(h.Server.Ledger.Charges);
        Assert.Equal(0, h.Server.Faults.Pending);
        Assert.Equal(HttpStatusCode.Created, (await h.Post($"external/events/{Ces}/unlock")).StatusCode);
        Assert.Single(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task DropBeforeExecute_aborts_and_charges_nothing()
    {
        await using var h = await Harness.StartAsync();
        h.Server.Faults.Add(new SandboxFault("POST", UnlockPattern, SandboxFaultKind.DropBeforeExecute));
        await Assert.ThrowsAsync<HttpRequestException>(() => h.Post($"external/events/{Ces}/unlock"));
        Assert.Empty(h.Server.Ledger.Charges);
        Assert.False(h.Server.World.IsEventUnlocked(Ces));
    }

    [Fact]
    public async Task DropAfterExecute_charges_but_the_client_gets_an_exception()
    {
        await using var h = await Harness.StartAsync();
        h.Server.Faults.Add(new SandboxFault("POST", UnlockPattern, SandboxFaultKind.DropAfterExecute));
        await Assert.ThrowsAsync<HttpRequestException>(() => h.Post($"external/events/{Ces}/unlock"));
        Assert.Single(h.Server.Ledger.Charges);
        Assert.True(h.Server.World.IsEventUnlocked(Ces));
        // a retry is idempotent
        var retry = await Harness.Json(await h.Post($"external/events/{Ces}/unlock"));
        Assert.True(retry.GetProperty("alreadyUnlocked").GetBoolean());
        Assert.Single(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task DelayAfterExecute_charges_then_the_client_times_out()
    {
        await using var h = await Harness.StartAsync(clientTimeout: TimeSpan.FromMilliseconds(800));
        h.Server.Faults.Add(new SandboxFault("POST", UnlockPattern, SandboxFaultKind.DelayAfterExecute) { DelayMs = 10_000 });
        var cancelled = await Assert.ThrowsAnyAsync<TaskCanceledException>(() => h.Post($"external/events/{Ces}/unlock"));
        // HttpClient marks its own timeout with an inner TimeoutException: the client gave up, the server did not answer.
        Assert.IsType<TimeoutException>(cancelled.InnerException);
        for (var i = 0; i < 100 && h.Server.Ledger.Charges.Count == 0; i++) await Task.Delay(20);
        Assert.Single(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task MalformedBodyAfterExecute_charges_and_returns_invalid_json()
    {
        await using var h = await Harness.StartAsync();
        h.Server.Faults.Add(new SandboxFault("POST", UnlockPattern, SandboxFaultKind.MalformedBodyAfterExecute));
        var r = await h.Post($"external/events/{Ces}/unlock");
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var text = await r.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        Assert.Single(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task Latency_fault_and_option_delay_but_succeed()
    {
        await using var h = await Harness.StartAsync(o => o.LatencyMs = 50);
        h.Server.Faults.Add(new SandboxFault("GET", "^/external/credits/", SandboxFaultKind.Latency) { DelayMs = 200 });
        var sw = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("external/credits/balance")).StatusCode);
        Assert.True(sw.ElapsedMilliseconds >= 240, $"took {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("external/credits/balance")).StatusCode);
        Assert.True(sw.ElapsedMilliseconds >= 45, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Faults_match_method_and_path_in_order()
    {
        await using var h = await Harness.StartAsync();
        h.Server.Faults.Add(new SandboxFault("GET", UnlockPattern, SandboxFaultKind.StatusBeforeExecute));
        h.Server.Faults.Add(new SandboxFault("POST", "^/external/events/139002/unlock$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 502 });
        h.Server.Faults.Add(new SandboxFault("POST", UnlockPattern, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 503 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await h.Post($"external/events/{Ces}/unlock")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await h.Post("external/events/139002/unlock")).StatusCode);
        Assert.Equal(1, h.Server.Faults.Pending);
        h.Server.Faults.Clear();
        Assert.Equal(0, h.Server.Faults.Pending);
    }
}
