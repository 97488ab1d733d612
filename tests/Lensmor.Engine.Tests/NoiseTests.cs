using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Noise (issue 16.5): a run over many piped events warns once about previews, with the counts, the events and the
/// price of unlocking them; per-item errors of one cause are told once, plus one error that counts the rest, and
/// both stay catchable and countable.
/// </summary>
public sealed class NoiseTests
{
    [Fact]
    public async Task Piped_events_in_preview_give_one_warning_for_the_run_and_one_verbose_line_each()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("Get-LensmorEvent -First 30 | Get-LensmorPersonnel -First 1 -Verbose | Measure-Object | ForEach-Object Count").ThrowOnError();

        Assert.Equal(30, (int)run.Output[0].BaseObject);
        var warning = Assert.Single(run.Warnings);
        Assert.StartsWith("30 of the 30 events read are in preview: 1,500 of ", warning);
        Assert.Contains("people are visible", warning);
        Assert.Contains("Unlock-LensmorEvent -Id 139001, 139002, 139003, 139004, 139005 (and 25 more) (60,000 credits in all)", warning);
        Assert.Equal(30, run.Verbose.Count(v => v.Contains("is in preview", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task One_event_in_preview_still_warns_with_its_own_unlock()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139002 -Force").ThrowOnError();

        var run = engine.Run("'139001', '139002' | Get-LensmorPersonnel -First 1").ThrowOnError();

        Assert.Equal(2, run.Output.Count);
        var warning = Assert.Single(run.Warnings);
        Assert.StartsWith("Event 139001 is in preview: 50 of ", warning);
        Assert.EndsWith("Unlock-LensmorEvent -Id 139001 (2,000 credits) lifts the limit.", warning);
    }

    [Theory]
    [InlineData("Unlock-LensmorContactEmail -WhatIf")]
    [InlineData("Get-LensmorPersonnelEvent")]
    public async Task Twenty_events_piped_to_a_cmdlet_that_wants_people_give_one_error_and_a_count(string cmdlet)
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run($"Get-LensmorEvent -First 20 | {cmdlet} -ErrorVariable failed -ErrorAction SilentlyContinue; $failed");

        Assert.Null(run.Terminating);
        var failed = run.Output.Select(o => (ErrorRecord)o.BaseObject).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, e => Assert.StartsWith("LensmorInvalidArgument,", e.FullyQualifiedErrorId));
        Assert.Contains("A piped Lensmor.Event (CES 2027 (139001)) has no PersonnelId property", failed[0].Exception.Message);
        Assert.StartsWith("19 more inputs failed the same way", failed[1].Exception.Message);
        Assert.Equal(19, ((object[])failed[1].TargetObject).Length);
        Assert.DoesNotContain(engine.Sandbox!.Requests.All, r => r.Path.Contains("personnel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_error_of_a_cause_still_stops_a_script_that_asks_to_stop()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("""
            try { Get-LensmorEvent -First 20 | Get-LensmorPersonnelEvent -ErrorAction Stop; 'not stopped' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject }
            """);

        Assert.Equal(new[] { "LensmorInvalidArgument,Lensmor.PowerShell.Cmdlets.GetLensmorPersonnelEventCommand", "CES 2027 (139001)" }, run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task Errors_that_differ_are_each_written()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("'999999991', '999999992', '999999993' | Get-LensmorEventBrief -ErrorVariable failed -ErrorAction SilentlyContinue; $failed.Count");

        Assert.Equal(3, (int)run.Output[0].BaseObject);
    }

    [Fact]
    public async Task The_count_of_repeats_is_written_before_a_failure_that_ends_the_run_and_does_not_replace_it()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("""
            @(Get-LensmorEvent -First 3) + @(Get-LensmorPersonnel -EventId 139001 -First 2 -WarningAction SilentlyContinue) |
                Unlock-LensmorContactEmail -Force -MaxCredits 1
            """);

        Assert.Equal(new[] { "LensmorInvalidArgument", "LensmorInvalidArgument", "LensmorMaxCreditsExceeded" }, run.ErrorIds);
        Assert.StartsWith("2 more inputs failed the same way", run.Errors[1].Exception.Message);
        Assert.Empty(engine.Sandbox!.Ledger.Charges);
    }
}
