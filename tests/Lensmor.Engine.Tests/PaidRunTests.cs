using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Paid runs as the engine drives them: Ctrl+C (PowerShell.Stop) while a paid request is in flight, parallel
/// runspaces under one spend limit, and CSV round trips that feed a paid cmdlet under -WhatIf.
/// </summary>
public sealed class PaidRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stop_during_a_paid_unlock_leaves_it_unknown_in_the_journal_and_the_rerun_does_not_pay_again()
    {
        await using var engine = await EngineSession.StartAsync();
        var sandbox = engine.Sandbox!;
        // The sandbox applies the unlock, then holds the answer back: the charge exists, the client cannot know it.
        sandbox.Faults.Add(new SandboxFault("POST", "^/external/events/139002/unlock$", SandboxFaultKind.DelayAfterExecute) { DelayMs = 120_000 });

        var (shell, pending) = engine.Begin("Unlock-LensmorEvent -Id 139002 -Force");
        using (shell)
        {
            await WaitUntil(() => sandbox.Ledger.Charges.Count == 1, "the unlock to be charged");
            shell.Stop();
            Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(pending));
        }

        // The journal says the request left and its outcome is unknown; the ledger has the one charge.
        var attempt = engine.Journal().Where(r => r.Action == "UnlockEvent").ToList();
        Assert.Equal(new[] { "intended", "sent", "unknown" }, attempt.Select(r => r.State));
        Assert.Single(attempt.Select(r => r.Id).Distinct());
        var charge = Assert.Single(sandbox.Ledger.Charges);
        Assert.Equal("139002", charge.Target);
        await WaitUntil(() => sandbox.Requests.Count("POST", "/external/events/139002/unlock") == 1, "the stopped request to be logged");

        var rerun = engine.Run("Unlock-LensmorEvent -Id 139002 -Force").ThrowOnError();

        var warning = Assert.Single(rerun.Warnings);
        Assert.Contains("never settled", warning);
        Assert.Contains("the event is unlocked, so that request was applied", warning);
        Assert.Equal("AlreadyUnlocked", Assert.Single(rerun.Output).Properties["Outcome"].Value);
        Assert.Single(sandbox.Ledger.Charges);
        Assert.Equal(1, sandbox.Requests.Count("POST", "/external/events/139002/unlock"));
        Assert.Equal(28_050m, sandbox.Ledger.TotalBalance);

        // The earlier attempt is now settled as the one charged; the spend log shows one charge of 2,000.
        var journal = engine.Journal();
        Assert.Contains(journal, r => r.Id == attempt[0].Id && r.State == "settled" && r.Outcome == "charged" && r.Charged == 2000m);
        var log = engine.Run("Get-LensmorSpendLog | Where-Object Outcome -eq 'Charged'").ThrowOnError();
        Assert.Equal(2000m, Assert.Single(log.Output).Properties["ChargedCredits"].Value);
        // The session's spend limit counts that one charge once, too.
        Assert.Equal(2000m, engine.Run("(Get-LensmorContext).SpentThisSession").ThrowOnError().Output.Single().BaseObject);
    }

    [Fact]
    public async Task Stop_during_a_paid_search_makes_the_identical_rerun_refuse_instead_of_paying_twice()
    {
        await using var engine = await EngineSession.StartAsync();
        var sandbox = engine.Sandbox!;
        sandbox.Faults.Add(new SandboxFault("POST", "^/external/exhibitors/search-events$", SandboxFaultKind.DelayAfterExecute) { DelayMs = 120_000 });

        var (shell, pending) = engine.Begin("Search-LensmorExhibitorEvents -CompanyName Acme -PageSize 2 -Force");
        using (shell)
        {
            await WaitUntil(() => sandbox.Ledger.Charges.Count == 1, "the search to be charged");
            shell.Stop();
            Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(pending));
        }

        Assert.Equal("unknown", engine.Journal().Last(r => r.Action == "SearchExhibitorEvents").State);
        await WaitUntil(() => sandbox.Requests.Count("POST", "/external/exhibitors/search-events") == 1, "the stopped request to be logged");

        var rerun = engine.Run("Search-LensmorExhibitorEvents -CompanyName Acme -PageSize 2 -Force");

        Assert.Equal(new[] { "LensmorIntentUnsettled" }, rerun.ErrorIds);
        Assert.Empty(rerun.Output);
        Assert.Single(sandbox.Ledger.Charges);
        Assert.Equal(1, sandbox.Requests.Count("POST", "/external/exhibitors/search-events"));
    }

    [Fact]
    public async Task ForEach_Object_Parallel_runspaces_share_one_session_spend_limit()
    {
        // 5,000 credits leave room for two 2,000-credit unlocks, whichever runspaces get there first.
        await using var engine = await EngineSession.StartAsync(connectArguments: "-SpendLimit 5000");

        var run = engine.Run("""
            $manifest = $args[0]
            '139002', '139003', '139004', '139005', '139006', '139007' | ForEach-Object -ThrottleLimit 6 -Parallel {
                Import-Module $using:manifest
                Unlock-LensmorEvent -Id $_ -Force
            }
            """, EngineSession.ModuleManifest);

        Assert.Equal(2, engine.Sandbox!.Ledger.Charges.Count);
        Assert.Equal(2, engine.Sandbox.Requests.Paid.Count);
        Assert.Equal(2, run.Output.Count);
        Assert.All(run.Output, o => Assert.Equal("Unlocked", o.Properties["Outcome"].Value));
        Assert.Equal(Enumerable.Repeat("LensmorSpendLimitExceeded", 4), run.ErrorIds);

        var context = engine.Run("Get-LensmorContext").ThrowOnError().Output.Single();
        Assert.Equal(4000m, context.Properties["SpentThisSession"].Value);
        Assert.Equal(1000m, context.Properties["SpendLimitRemaining"].Value);
    }

    [Fact]
    public async Task Events_exported_to_CSV_and_imported_again_bind_to_Unlock_LensmorEvent_WhatIf()
    {
        await using var engine = await EngineSession.StartAsync();
        var csv = Path.Combine(Path.GetTempPath(), $"lensmor-events-{Guid.NewGuid():N}.csv");
        try
        {
            engine.Run("Get-LensmorEvent -First 3 | Export-Csv -Path $args[0] -NoTypeInformation", csv).ThrowOnError();
            var run = engine.Run("Import-Csv -Path $args[0] | Unlock-LensmorEvent -WhatIf", csv).ThrowOnError();

            Assert.Equal(4, run.WhatIfLines.Count);
            Assert.Contains("(139001)", run.WhatIfLines[0]);
            Assert.Contains("(139002)", run.WhatIfLines[1]);
            Assert.Contains("(139003)", run.WhatIfLines[2]);
            Assert.Equal("What if: in total this run would spend 6,000 credits to unlock 3 events.", run.WhatIfLines[3]);
            Assert.Empty(engine.Sandbox!.Requests.Paid);
            Assert.Empty(engine.Sandbox.Ledger.Charges);
            Assert.DoesNotContain(engine.Sandbox.ApiKey, File.ReadAllText(csv));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Exhibitors_exported_to_CSV_and_imported_again_bind_to_Search_LensmorExhibitorEvents_WhatIf()
    {
        await using var engine = await EngineSession.StartAsync();
        var csv = Path.Combine(Path.GetTempPath(), $"lensmor-exhibitors-{Guid.NewGuid():N}.csv");
        try
        {
            var names = engine.Run("Get-LensmorExhibitor -EventId 139002 -First 2 -WarningAction SilentlyContinue | Export-Csv -Path $args[0] -NoTypeInformation; Import-Csv -Path $args[0] | ForEach-Object CompanyName", csv)
                .ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
            Assert.Equal(2, names.Count);

            var run = engine.Run("Import-Csv -Path $args[0] | Search-LensmorExhibitorEvents -WhatIf", csv).ThrowOnError();

            // One line per imported company (a run total may follow them).
            var searches = run.WhatIfLines.Where(l => l.Contains("on target \"company '", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, searches.Count);
            Assert.EndsWith($"on target \"company '{names[0]}'\".", searches[0]);
            Assert.EndsWith($"on target \"company '{names[1]}'\".", searches[1]);
            Assert.All(searches, l => Assert.StartsWith("What if: Performing the operation \"Search events by company name, page 1, for ", l));
            Assert.Empty(run.Output);
            Assert.Empty(engine.Sandbox!.Requests.Paid);
            Assert.Empty(engine.Sandbox.Ledger.Charges);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Search_results_exported_to_CSV_feed_Unlock_LensmorEvent_WhatIf_without_another_charge()
    {
        await using var engine = await EngineSession.StartAsync();
        var csv = Path.Combine(Path.GetTempPath(), $"lensmor-matches-{Guid.NewGuid():N}.csv");
        try
        {
            engine.Run("Search-LensmorExhibitorEvents -CompanyName Acme -PageSize 3 -Force -WarningAction SilentlyContinue | Export-Csv -Path $args[0] -NoTypeInformation", csv).ThrowOnError();
            Assert.Single(engine.Sandbox!.Ledger.Charges);

            var run = engine.Run("Import-Csv -Path $args[0] | Unlock-LensmorEvent -WhatIf", csv).ThrowOnError();

            var imported = File.ReadAllLines(csv).Length - 1;
            Assert.Equal(3, imported);
            Assert.Equal(imported + 1, run.WhatIfLines.Count);
            Assert.StartsWith("What if: in total this run would spend ", run.WhatIfLines[^1]);
            Assert.Single(engine.Sandbox.Ledger.Charges);
            Assert.Single(engine.Sandbox.Requests.Paid);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>Waits for a state the sandbox reaches; only the failure message involves time.</summary>
    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
