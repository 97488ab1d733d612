using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Write-Progress on the waits a user feels, read from the engine's progress stream: each bar shows progress while
/// the work runs and is completed when it ends, however it ends.
/// </summary>
public sealed class ProgressTests
{
    private static void AssertOneBarCompletedLast(EngineResult run, string activityStart)
    {
        var bar = run.Progress.Where(p => p.Activity.StartsWith(activityStart, StringComparison.Ordinal)).ToList();
        Assert.True(bar.Count >= 2, $"Expected a running and a completed record for '{activityStart}', got {bar.Count}.");
        Assert.Contains(bar, p => p.RecordType == ProgressRecordType.Processing);
        Assert.Equal(ProgressRecordType.Completed, bar[^1].RecordType);
        Assert.Single(bar.Select(p => p.ActivityId).Distinct());
    }

    [Fact]
    public async Task A_contact_unlock_shows_its_tasks_and_completes_the_bar_when_they_end()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("Get-LensmorPersonnel -EventId 139185 -First 4 | Unlock-LensmorContactEmail -Force").ThrowOnError();

        Assert.NotEmpty(run.Output);
        AssertOneBarCompletedLast(run, "Unlocking contacts");
        Assert.Contains(run.Progress, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Waiting_for_tasks_started_with_NoWait_shows_and_completes_a_bar()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("""
            $tasks = Get-LensmorPersonnel -EventId 139185 -First 3 | Unlock-LensmorContactPhone -Force -NoWait
            $tasks | Wait-LensmorContactUnlockTask
            """).ThrowOnError();

        AssertOneBarCompletedLast(run, "Unlocking contacts");
        Assert.Equal(100, run.Progress[^1].PercentComplete);
    }

    [Fact]
    public async Task A_wait_stopped_by_a_terminating_error_still_completes_its_bar()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("GET", "^/external/contacts/unlock-tasks/", SandboxFaultKind.StatusBeforeExecute, Times: 100) { StatusCode = 401 });
        var run = engine.Run("Get-LensmorPersonnel -EventId 139185 -First 3 | Unlock-LensmorContactEmail -Force");

        Assert.Contains("LensmorUnauthorized", run.ErrorIds);
        var bar = run.Progress.Where(p => p.Activity.StartsWith("Unlocking contacts", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bar);
        Assert.Equal(ProgressRecordType.Completed, bar[^1].RecordType);
    }

    /// <summary>A long list with a known wait: the recommendation run.</summary>
    [Fact]
    public async Task A_recommendation_run_completes_its_bar()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("Get-LensmorRecommendedEvent -CompanyUrl 'https://acme.example' -First 5").ThrowOnError();

        Assert.NotEmpty(run.Output);
        var bar = run.Progress.Where(p => p.Activity == "Get-LensmorRecommendedEvent").ToList();
        Assert.NotEmpty(bar);
        Assert.Equal(ProgressRecordType.Completed, bar[^1].RecordType);
    }

    [Fact]
    public async Task A_long_list_with_a_known_total_shows_how_far_it_is_and_completes_its_bar()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("Get-LensmorEvent").ThrowOnError();

        Assert.Equal(240, run.Output.Count);
        AssertOneBarCompletedLast(run, "Get-LensmorEvent");
        Assert.Contains(run.Progress, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.EndsWith("of 240", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Piped_events_read_ahead_each_complete_their_own_bar()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139002, 139003 -Force").ThrowOnError();

        var run = engine.Run("'139002', '139003' | Get-LensmorPersonnel | Measure-Object | ForEach-Object Count").ThrowOnError();

        Assert.True((int)run.Output[0].BaseObject > 200);
        AssertOneBarCompletedLast(run, "Get-LensmorPersonnel: people of event 139002");
        AssertOneBarCompletedLast(run, "Get-LensmorPersonnel: people of event 139003");
    }

    [Fact]
    public async Task A_rate_limit_pause_the_user_can_feel_shows_a_bar_that_is_completed()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("GET", "^/external/credits/balance$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 429, RetryAfterSeconds = 1 });

        var run = engine.Run("Get-LensmorBalance").ThrowOnError();

        Assert.Single(run.Output);
        AssertOneBarCompletedLast(run, "Lensmor rate limit");
    }

    /// <summary>
    /// Issue 16.8: at 300 ms a round trip, "Get-LensmorEvent | Get-LensmorPersonnel" showed nothing for seconds and
    /// then only the events' bar. The slow step has its own bar, shown when the first event arrives, so it comes
    /// before the first person is written (a marker bar written by the consumer shows where that was).
    /// </summary>
    [Fact]
    public async Task Piped_events_show_the_personnel_step_before_its_first_row_and_complete_it()
    {
        await using var engine = await EngineSession.StartAsync(sandbox: o => o.LatencyMs = 50);
        var run = engine.Run("""
            $seen = 0
            Get-LensmorEvent -First 6 | Get-LensmorPersonnel -First 3 -WarningAction SilentlyContinue | ForEach-Object {
                if ($seen++ -eq 0) { Write-Progress -Id 99 -Activity 'first row written' -Status $_.PersonnelId }
                $_
            } | Measure-Object | ForEach-Object Count
            """).ThrowOnError();

        Assert.Equal(18, (int)run.Output[0].BaseObject);
        var records = run.Progress.ToList();
        var firstRow = records.FindIndex(p => p.Activity == "first row written");
        var step = records.FindIndex(p => p.Activity == "Get-LensmorPersonnel: people of the piped events");
        Assert.True(step >= 0, "No progress record for the personnel step: " + string.Join(" | ", records.Select(p => p.Activity)));
        Assert.True(step < firstRow, "The personnel step's bar came only after its first row.");
        Assert.StartsWith("event 1 (139001) started", records[step].StatusDescription);
        var bar = records.Where(p => p.Activity == records[step].Activity).ToList();
        Assert.Equal(ProgressRecordType.Completed, bar[^1].RecordType);
        Assert.Contains("6 events read, 18 rows written", bar[^1].StatusDescription);
    }

    [Fact]
    public async Task A_list_of_one_event_given_by_name_shows_no_extra_bar()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("Get-LensmorPersonnel -EventId 139001 -First 3 -WarningAction SilentlyContinue").ThrowOnError();

        Assert.Equal(3, run.Output.Count);
        Assert.DoesNotContain(run.Progress, p => p.Activity.Contains("piped", StringComparison.Ordinal));
    }

    /// <summary>A long list's bar shows when its total is known, before its first row, not after the first page has
    /// been consumed by a slow next command.</summary>
    [Fact]
    public async Task A_long_lists_bar_shows_before_its_first_row()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("""
            $seen = 0
            Get-LensmorEvent | ForEach-Object {
                if ($seen++ -eq 0) { Write-Progress -Id 99 -Activity 'first row written' -Status $_.EventId }
            }
            """).ThrowOnError();

        var records = run.Progress.ToList();
        var firstRow = records.FindIndex(p => p.Activity == "first row written");
        var bar = records.FindIndex(p => p.Activity == "Get-LensmorEvent");
        Assert.True(bar >= 0 && bar < firstRow, "The list's bar came only after its first row.");
        Assert.Equal("0 of 240", records[bar].StatusDescription);
    }
}
