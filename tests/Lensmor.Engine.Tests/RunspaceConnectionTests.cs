using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Lensmor.Engine.Tests.Harness;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests;

/// <summary>
/// The connection is process-wide (as Microsoft.Graph's): runspaces share it, and so its -SpendLimit, but no
/// runspace's paid commands are silently sent to a key or base URL that another runspace connected.
/// </summary>
public sealed class RunspaceConnectionTests
{
    [Fact]
    public async Task A_connect_in_another_runspace_never_silently_redirects_this_runspace_paid_calls()
    {
        await using var engine = await EngineSession.StartAsync();
        await using var other = await SandboxServer.StartAsync(new SandboxOptions());
        engine.Run("Get-LensmorBalance").ThrowOnError();

        using (var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2()))
        {
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("Import-Module $args[0]; Connect-Lensmor -ApiKey $args[1] -BaseUri $args[2] -NoJournal")
              .AddArgument(EngineSession.ModuleManifest).AddArgument(other.ApiKey).AddArgument(other.BaseUri.ToString().TrimEnd('/'));
            ps.Invoke();
            Assert.False(ps.HadErrors);
        }

        var paid = engine.Run("Unlock-LensmorEvent -Id 139002 -Force");
        Assert.Equal(new[] { "LensmorConnectionChanged" }, paid.ErrorIds);
        Assert.Empty(other.Requests.Paid);
        Assert.Empty(engine.Sandbox!.Requests.Paid);

        var free = engine.Run("Get-LensmorBalance").ThrowOnError();
        Assert.Contains(free.Warnings, w => w.Contains("Another runspace changed the Lensmor connection"));

        // Still refused until this runspace connects itself; then its choice holds.
        Assert.Equal(new[] { "LensmorConnectionChanged" }, engine.Run("Unlock-LensmorEvent -Id 139002 -Force").ErrorIds);
        engine.Run("Connect-Lensmor -ApiKey $args[0] -BaseUri $args[1] -JournalPath $args[2]",
            engine.Sandbox.ApiKey, engine.Sandbox.BaseUri.ToString().TrimEnd('/'), engine.JournalPath).ThrowOnError();
        engine.Run("Unlock-LensmorEvent -Id 139002 -Force").ThrowOnError();
        Assert.Single(engine.Sandbox.Ledger.Charges);
        Assert.Empty(other.Ledger.Charges);
    }

    [Fact]
    public async Task The_spend_limit_holds_across_ForEach_Object_Parallel_runspaces()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Connect-Lensmor -ApiKey $args[0] -BaseUri $args[1] -JournalPath $args[2] -SpendLimit 3000",
            engine.Sandbox!.ApiKey, engine.Sandbox.BaseUri.ToString().TrimEnd('/'), engine.JournalPath).ThrowOnError();

        var result = engine.Run(
            "$m = $args[0]; 139002, 139003, 139004 | ForEach-Object -ThrottleLimit 3 -Parallel { Import-Module $using:m; Unlock-LensmorEvent -Id $_ -Force -ErrorAction Continue }",
            EngineSession.ModuleManifest);

        Assert.Equal(2000m, engine.Sandbox.Ledger.Charges.Sum(c => c.Credits));
        Assert.Equal(2, result.ErrorIds.Count(id => id == "LensmorSpendLimitExceeded"));
    }
}
