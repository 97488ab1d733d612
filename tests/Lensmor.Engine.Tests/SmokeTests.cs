using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task The_built_module_is_imported_from_out_Lensmor_and_reads_the_sandbox_balance()
    {
        await using var engine = await EngineSession.StartAsync();
        var loaded = engine.Run("(Get-Module Lensmor).ModuleBase").ThrowOnError();
        Assert.Equal(Path.GetDirectoryName(EngineSession.ModuleManifest), ((string)loaded.Output[0].BaseObject).TrimEnd('/'));

        var balance = engine.Run("Get-LensmorBalance").ThrowOnError();
        Assert.Single(balance.Output);
        Assert.Equal(30_050m, (decimal)balance.Output[0].Properties["TotalBalance"].Value);
    }

    [Fact]
    public async Task WhatIf_lines_reach_the_host_and_the_prompt_is_answered_from_the_script()
    {
        await using var engine = await EngineSession.StartAsync();
        var whatIf = engine.Run("Unlock-LensmorEvent -Id 139002 -WhatIf").ThrowOnError();
        Assert.Contains(whatIf.HostLines, l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains("139002"));
        Assert.Empty(engine.Sandbox!.Ledger.Charges);

        engine.Ui.Answer("No");
        engine.Run("Unlock-LensmorEvent -Id 139002").ThrowOnError();
        Assert.Single(engine.Ui.Prompts);
        Assert.Empty(engine.Sandbox.Ledger.Charges);
    }
}
