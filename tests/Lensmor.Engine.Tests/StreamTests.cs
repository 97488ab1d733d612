using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Which stream each message reaches in a real engine, and what the preference variables and common parameters
/// let through: retries in verbose, redacted HTTP traces in debug, one preview warning per call, receipts in
/// information, and progress while contact unlocks run.
/// </summary>
public sealed class StreamTests
{
    private const string BalanceRoute = "^/external/credits/balance$";

    [Fact]
    public async Task A_read_retried_after_HTTP_500_says_so_in_verbose_and_still_returns()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 500 });

        var run = engine.Run("Get-LensmorBalance -Verbose").ThrowOnError();

        Assert.Single(run.Output);
        Assert.Equal(2, engine.Sandbox.Requests.Count("GET", "/external/credits/balance"));
        var retry = Assert.Single(run.Verbose, v => v.Contains("retry", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("Lensmor answered HTTP 500", retry);
        Assert.Contains("retry 1 of 4", retry);
        Assert.Contains(engine.Ui.Lines, l => l == "VERBOSE: " + retry);
    }

    [Fact]
    public async Task A_read_retried_after_HTTP_429_says_how_long_it_waits_in_verbose()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 0 });

        var run = engine.Run("Get-LensmorBalance -Verbose").ThrowOnError();

        Assert.Single(run.Output);
        Assert.Equal(2, engine.Sandbox.Requests.Count("GET", "/external/credits/balance"));
        var retry = Assert.Single(run.Verbose, v => v.Contains("retry", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("Lensmor is rate limiting", retry);
        Assert.Contains("as Retry-After asks, then retry 1 of 4", retry);
    }

    [Fact]
    public async Task Without_Verbose_a_retry_reaches_neither_the_host_nor_the_verbose_stream()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("GET", BalanceRoute, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 0 });

        var run = engine.Run("Get-LensmorBalance").ThrowOnError();

        Assert.Equal(2, engine.Sandbox.Requests.Count("GET", "/external/credits/balance"));
        Assert.Empty(run.Verbose);
        Assert.DoesNotContain(engine.Ui.Lines, l => l.StartsWith("VERBOSE:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paid_request_answered_HTTP_500_is_not_retried()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("POST", "^/external/events/139002/unlock$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 500 });

        var run = engine.Run("Unlock-LensmorEvent -Id 139002 -Force -Verbose");

        Assert.True(run.HadErrors);
        Assert.Single(engine.Sandbox.Requests.Paid);
        Assert.DoesNotContain(run.Verbose, v => v.Contains("retry", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(engine.Sandbox.Ledger.Charges);
    }

    /// <summary>
    /// Scripts set preferences in their own scope, where PowerShell keeps what they assign: a string
    /// ('Continue'), not an ActionPreference. The engine honours both, and so must the module's traces.
    /// </summary>
    [Theory]
    [InlineData("Get-LensmorBalance -Debug")]
    [InlineData("$DebugPreference = 'Continue'; Get-LensmorBalance")]
    [InlineData("$DebugPreference = [System.Management.Automation.ActionPreference]::Continue; Get-LensmorBalance")]
    [InlineData("& { $DebugPreference = 'Continue'; Get-LensmorBalance }")]
    [InlineData("function Test-Trace { [CmdletBinding()] param() Get-LensmorBalance }; Test-Trace -Debug")]
    public async Task Debug_traces_show_each_request_and_answer_with_the_key_redacted(string script)
    {
        await using var engine = await EngineSession.StartAsync();

        var run = engine.Run(script).ThrowOnError();

        Assert.Single(run.Output);
        var request = Assert.Single(run.Debug, d => d.StartsWith("HTTP GET ", StringComparison.Ordinal));
        Assert.Contains("/external/credits/balance", request);
        Assert.Contains("Authorization: Bearer ", request);
        Assert.Contains(run.Debug, d => d.StartsWith("HTTP 200 ", StringComparison.Ordinal) && d.Contains("X-Request-ID sbx-"));
        AssertKeyNowhere(engine, run);
    }

    [Fact]
    public async Task Debug_traces_of_a_paid_run_and_its_failure_never_carry_the_key()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("POST", "^/external/events/139002/unlock$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });

        var run = engine.Run("Unlock-LensmorEvent -Id 139002 -Force -Debug -Verbose; Get-LensmorContext | Format-List * | Out-String");

        Assert.Contains(run.Debug, d => d.StartsWith("HTTP POST ", StringComparison.Ordinal) && d.Contains("/external/events/139002/unlock"));
        Assert.Contains(run.Debug, d => d.StartsWith("HTTP 402 ", StringComparison.Ordinal));
        Assert.Contains("LensmorPaymentRequired", run.ErrorIds);
        AssertKeyNowhere(engine, run);
    }

    [Fact]
    public async Task Without_Debug_nothing_is_traced()
    {
        await using var engine = await EngineSession.StartAsync();

        var run = engine.Run("Get-LensmorBalance").ThrowOnError();

        Assert.Empty(run.Debug);
        Assert.DoesNotContain(engine.Ui.Lines, l => l.StartsWith("DEBUG:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Get-LensmorExhibitor -EventId 139002 -PageSize 10 -First 45", "exhibitors")]
    [InlineData("Get-LensmorPersonnel -EventId 139002 -PageSize 10 -First 45", "people")]
    public async Task A_preview_list_warns_once_per_call_however_many_pages_it_reads(string command, string noun)
    {
        await using var engine = await EngineSession.StartAsync();
        var listRoute = noun == "people" ? "/external/personnel/list" : "/external/exhibitors/list";

        var once = engine.Run(command).ThrowOnError();

        Assert.Equal(45, once.Output.Count);
        Assert.True(engine.Sandbox!.Requests.Count("GET", listRoute) >= 5, "the call should have read five pages");
        var warning = Assert.Single(once.Warnings);
        Assert.StartsWith($"Event 139002 is in preview: 50 of ", warning);
        Assert.Contains($" {noun} are visible. Unlock-LensmorEvent -Id 139002 (2,000 credits) lifts the limit.", warning);
        Assert.Single(engine.Ui.Lines, l => l.StartsWith("WARNING:", StringComparison.Ordinal));

        // Per call, not per session: the next call warns again.
        var twice = engine.Run(command + "; " + command).ThrowOnError();
        Assert.Equal(2, twice.Warnings.Count);

        var silenced = engine.Run(command + " -WarningAction SilentlyContinue").ThrowOnError();
        Assert.Empty(silenced.Warnings);
    }

    /// <summary>
    /// Issue 16.6/16.7: the receipt line is on the screen (as Write-Host output is, whatever
    /// $InformationPreference says), and the receipt object is still the one information record a script captures.
    /// </summary>
    [Fact]
    public async Task A_paid_search_shows_its_receipt_line_on_the_screen_and_leaves_the_receipt_in_the_information_stream()
    {
        await using var engine = await EngineSession.StartAsync();

        var run = engine.Run("$found = Search-LensmorExhibitorEvents -CompanyName Acme -PageSize 2 -Force -InformationVariable receipts; $receipts").ThrowOnError();

        var charge = Assert.Single(engine.Sandbox!.Ledger.Charges);
        var record = Assert.IsType<InformationRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Contains("Lensmor", record.Tags);
        Assert.Contains("Receipt", record.Tags);
        var receipt = PSObject.AsPSObject(record.MessageData);
        Assert.Equal(50m, receipt.Properties["ChargedCredits"].Value);
        Assert.Equal(50m, receipt.Properties["ExpectedCredits"].Value);
        Assert.Equal("Acme", receipt.Properties["Target"].Value);
        Assert.Equal(charge.TraceId, receipt.Properties["TraceId"].Value);
        Assert.Equal(charge.Credits, (decimal)receipt.Properties["BalanceBefore"].Value - (decimal)receipt.Properties["BalanceAfter"].Value);
        // InformationPreference is SilentlyContinue, and the line is still shown, once.
        var line = Assert.Single(run.HostLines, l => l.Contains("charged 50", StringComparison.Ordinal));
        Assert.Equal($"SearchExhibitorEvents 'Acme': charged 50 of up to 50 credits (balance 30,050 -> 30,000, traceId {charge.TraceId})", line);

        var continued = engine.Run("Search-LensmorExhibitorEvents -CompanyName Acme -Page 2 -PageSize 2 -Force -InformationAction Continue | Out-Null").ThrowOnError();
        Assert.Single(continued.HostLines, l => l.Contains("charged 50 of up to 50 credits", StringComparison.Ordinal));

        var ignored = engine.Run("Search-LensmorExhibitorEvents -CompanyName Acme -Page 3 -PageSize 2 -Force -InformationAction Ignore | Out-Null").ThrowOnError();
        Assert.DoesNotContain(ignored.HostLines, l => l.Contains("charged", StringComparison.Ordinal));
        Assert.Equal(3, engine.Sandbox.Ledger.Charges.Count);
    }

    [Fact]
    public async Task Contact_unlock_waits_report_progress_until_the_tasks_finish()
    {
        await using var engine = await EngineSession.StartAsync();

        var run = engine.Run("Get-LensmorPersonnel -EventId 139005 -First 3 | Unlock-LensmorContactEmail -Force").ThrowOnError();

        Assert.Equal(3, run.Output.Count);
        var delivered = run.Output.Count(o => (bool)o.Properties["Delivered"].Value);
        var progress = run.Progress.Where(p => p.Activity.StartsWith("Unlocking contacts", StringComparison.Ordinal)).ToList();
        // pending -> processing -> completed: the sandbox never skips a step, so the wait sees at least three rounds.
        Assert.True(progress.Count >= 4, $"expected at least three rounds and a completion, got {progress.Count} records");
        Assert.Equal("0 of 3 contacts done: 0 unlocked, 0 failed, 3 pending", progress[0].StatusDescription);
        Assert.Equal(0, progress[0].PercentComplete);
        Assert.All(progress.SkipLast(1), p => Assert.Equal(ProgressRecordType.Processing, p.RecordType));
        Assert.Equal($"3 of 3 contacts done: {delivered} unlocked, {3 - delivered} failed, 0 pending", progress[^2].StatusDescription);
        Assert.Equal(100, progress[^2].PercentComplete);
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        // The host's progress display gets the same records.
        Assert.Equal(progress.Count, engine.Ui.Progress.Count(p => p.Activity.StartsWith("Unlocking contacts", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Contact_unlock_progress_is_silent_under_ProgressPreference_SilentlyContinue()
    {
        await using var engine = await EngineSession.StartAsync();

        var run = engine.Run("$ProgressPreference = 'SilentlyContinue'; Get-LensmorPersonnel -EventId 139005 -First 2 | Unlock-LensmorContactEmail -Force").ThrowOnError();

        Assert.Equal(2, run.Output.Count);
        Assert.Empty(engine.Ui.Progress);
    }

    private static void AssertKeyNowhere(EngineSession engine, EngineResult run)
    {
        var key = engine.Sandbox!.ApiKey;
        var everything = run.Debug.Concat(run.Verbose).Concat(run.Warnings).Concat(run.HostLines).Concat(engine.Ui.Lines)
            .Concat(run.Errors.Select(e => e.ToString() + e.Exception + e.ErrorDetails?.RecommendedAction))
            .Concat(run.Output.Select(o => o?.ToString() ?? string.Empty));
        Assert.All(everything, text => Assert.DoesNotContain(key, text, StringComparison.Ordinal));
        Assert.All(everything, text => Assert.DoesNotContain(key.Substring(3, 12), text, StringComparison.Ordinal));
    }
}
