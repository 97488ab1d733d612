using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// -Debug and -Verbose in a scheduled script: they trace and never ask. The scripted host has no answers queued,
/// so any prompt (a ShouldProcess question, or the engine's "Continue with this operation?" after a verbose or
/// warning line) fails the run as `pwsh -NonInteractive` would.
/// </summary>
public sealed class DebugTraceTests
{
    [Fact]
    public async Task Force_with_Debug_unlocks_once_traces_every_HTTP_exchange_and_never_prompts()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("Unlock-LensmorEvent -Id 139185 -Force -Debug");

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Empty(engine.Ui.Prompts);
        Assert.Single(run.Output);
        Assert.Single(engine.Sandbox!.Ledger.Charges);
        Assert.Contains(run.Debug, d => d.StartsWith("HTTP POST", StringComparison.Ordinal) && d.Contains("/external/events/139185/unlock"));
        Assert.Contains(run.Debug, d => d.StartsWith("HTTP 201", StringComparison.Ordinal));
        Assert.All(run.Debug, d => Assert.DoesNotContain(engine.Sandbox.ApiKey, d));
        // -Debug alone leaves verbose to $VerbosePreference, as an advanced function does.
        Assert.Empty(run.Verbose);
    }

    [Fact]
    public async Task Debug_and_Verbose_together_write_both_streams_without_a_prompt()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("Unlock-LensmorEvent -Id 139185 -Force -Debug -Verbose");

        Assert.Empty(run.ErrorIds);
        Assert.Empty(engine.Ui.Prompts);
        Assert.Contains(run.Verbose, v => v.Contains("Precheck unlock_event_contacts"));
        Assert.Contains(run.Debug, d => d.StartsWith("HTTP POST", StringComparison.Ordinal));
        Assert.Single(engine.Sandbox!.Ledger.Charges);
    }

    [Fact]
    public async Task Debug_with_VerbosePreference_Continue_writes_verbose_lines_without_a_prompt()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("$VerbosePreference = 'Continue'; Get-LensmorBalance -Debug; Unlock-LensmorEvent -Id 139002 -Force -Debug");

        Assert.Empty(run.ErrorIds);
        Assert.Empty(engine.Ui.Prompts);
        Assert.Contains(run.Verbose, v => v.Contains("Precheck unlock_event_contacts"));
        Assert.Single(engine.Sandbox!.Ledger.Charges);
    }

    [Fact]
    public async Task A_warning_under_Debug_is_written_not_asked_about()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139185 -Force").ThrowOnError();
        File.AppendAllText(engine.JournalPath, "{ this line is not json\n");

        var run = engine.Run("Get-LensmorSpendLog -Debug");

        Assert.Empty(run.ErrorIds);
        Assert.Empty(engine.Ui.Prompts);
        Assert.Contains(run.Warnings, w => w.Contains("unreadable line"));
        Assert.Contains(run.Output, o => (string)o.Properties["Outcome"].Value == "Charged");
    }

    [Fact]
    public async Task Without_Force_a_paid_cmdlet_still_asks_and_Debug_does_not_change_the_answer()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Ui.Answer("No");
        var run = engine.Run("Unlock-LensmorEvent -Id 139185 -Debug");

        Assert.Empty(run.ErrorIds);
        var prompt = Assert.Single(engine.Ui.Prompts);
        Assert.Contains("139185", prompt.Message);
        Assert.Empty(engine.Sandbox!.Ledger.Charges);
    }
}
