using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

public class HttpPolicyTests
{
    private const string BalanceRoute = "^/external/credits/balance$";

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_retried()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 1 });
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var balance = await BalanceOperation.GetAsync(session, host);

        Assert.Equal(30_050m, balance.TotalBalance);
        Assert.Equal(2, server.Requests.Count("GET", "/external/credits/balance"));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), "the client must wait the Retry-After second before retrying");
        Assert.Contains(host.Verbose, v => v.Contains("rate limiting") && v.Contains("Retry-After"));
    }

    [Fact]
    public async Task Rate_limiting_that_outlasts_the_retries_is_a_terminating_rate_limited_error()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.StatusBeforeExecute, Times: 10) { StatusCode = 429, RetryAfterSeconds = 600 });
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => BalanceOperation.GetAsync(session, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.RateLimited, error.ErrorId);
        Assert.Equal(LensmorErrorCategory.LimitsExceeded, error.Category);
        Assert.True(error.IsTerminating);
        Assert.Equal(1, server.Requests.Count("GET", "/external/credits/balance"));
    }

    [Fact]
    public async Task A_5xx_on_a_read_is_retried_with_a_verbose_line_per_retry()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.StatusBeforeExecute, Times: 2) { StatusCode = 500 });
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var balance = await BalanceOperation.GetAsync(session, host);

        Assert.Equal(30_050m, balance.TotalBalance);
        Assert.Equal(3, server.Requests.Count("GET", "/external/credits/balance"));
        Assert.Equal(2, host.Verbose.Count(v => v.Contains("HTTP 500") && v.Contains("retry")));
    }

    [Fact]
    public async Task Reads_give_up_after_the_bounded_number_of_retries()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.StatusBeforeExecute, Times: 100) { StatusCode = 502 });
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => BalanceOperation.GetAsync(session, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.ServerError, error.ErrorId);
        Assert.Equal(4, server.Requests.Count("GET", "/external/credits/balance"));
    }

    [Fact]
    public async Task A_dropped_connection_on_a_read_is_retried()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.DropBeforeExecute));
        using var session = TestSandbox.Session(server);

        var balance = await BalanceOperation.GetAsync(session, RecordingHost.Yes());

        Assert.Equal(30_050m, balance.TotalBalance);
        Assert.Equal(2, server.Requests.Count("GET", "/external/credits/balance"));
    }

    [Fact]
    public async Task A_slow_read_times_out_and_is_retried()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.Latency) { DelayMs = 2500 });
        using var session = TestSandbox.Session(server, timeout: TimeSpan.FromMilliseconds(800));
        var host = RecordingHost.Yes();

        var balance = await BalanceOperation.GetAsync(session, host);

        Assert.Equal(30_050m, balance.TotalBalance);
        Assert.Contains(host.Verbose, v => v.Contains("No answer within"));
    }

    [Fact]
    public async Task A_wrong_key_gives_unauthorized_terminating_with_advice()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server, key: "sk_not_the_right_key_1234");

        var error = await Assert.ThrowsAsync<LensmorException>(() => BalanceOperation.GetAsync(session, RecordingHost.Yes()));

        Assert.Equal(ErrorIds.Unauthorized, error.ErrorId);
        Assert.Equal(LensmorErrorCategory.AuthenticationError, error.Category);
        Assert.True(error.IsTerminating);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("Connect-Lensmor", error.RecommendedAction);
        Assert.Equal(1, server.Requests.Count("GET", "/external/credits/balance"));
    }

    [Fact]
    public async Task Errors_carry_the_api_message_and_trace_id()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => EventLookup.GetAsync(session, RecordingHost.Yes(), "424242424242"));

        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
        Assert.False(string.IsNullOrEmpty(error.TraceId));
        Assert.Contains(error.TraceId!, error.Message);
        Assert.Contains("HTTP 404", error.Message);
    }

    [Fact]
    public async Task Every_request_sends_the_user_agent_and_the_bearer_key()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await BalanceOperation.GetAsync(session, RecordingHost.Yes());

        var request = Assert.Single(server.Requests.All);
        Assert.Equal("Bearer " + server.ApiKey, request.Authorization);
        Assert.Equal("LensmorPS/" + Session.LensmorSession.ModuleVersion, request.UserAgent);
        Assert.Matches(@"^\d+\.\d+\.\d+$", Session.LensmorSession.ModuleVersion);
        Assert.Null(request.CallSource);
    }

    [Fact]
    public async Task Cancellation_stops_an_in_flight_request_promptly()
    {
        await using var server = await TestSandbox.StartAsync();
        server.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.Latency) { DelayMs = 10_000 });
        using var session = TestSandbox.Session(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BalanceOperation.GetAsync(session, new RecordingHost(token: cancel.Token)));
    }

    [Fact]
    public async Task The_debug_trace_shows_the_authorization_header_redacted()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await BalanceOperation.GetAsync(session, host);

        Assert.Contains(host.Debug, d => d.Contains("Authorization: Bearer ***"));
        Assert.Contains(host.Debug, d => d.Contains("HTTP 200"));
        Assert.DoesNotContain(host.Debug, d => d.Contains(server.ApiKey));
    }
}
