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

    /// <summary>Today's long list with a known wait: the recommendation run. (Paged exports and rate-limit pauses get their bars in Core's pager.)</summary>
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
}
