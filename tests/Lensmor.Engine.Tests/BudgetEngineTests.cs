using System.Globalization;
using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Set-, Get- and Clear-LensmorBudget, and the spend log per account, as the engine runs them: binding, -WhatIf and
/// -Confirm, Tab on -Period, the views at 80 columns, and budgets shared by the runspaces of ForEach-Object -Parallel.
/// </summary>
public sealed class BudgetEngineTests
{
    private static string BudgetFile(EngineSession engine) => engine.JournalPath + ".budgets.json";

    [Fact]
    public async Task A_budget_set_is_read_back_with_where_it_stands_and_shown_in_80_columns()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);
        engine.Run("Unlock-LensmorEvent -Id 139185 -Force").ThrowOnError();

        var set = engine.Run("Set-LensmorBudget -Credits 10000 -Period Day");
        var budget = engine.Run("Get-LensmorBudget").ThrowOnError().Output.Single();
        var table = engine.Run("Get-LensmorBudget | Out-String -Width 80").ThrowOnError().Text.Split('\n').Where(l => l.Trim().Length > 0).ToList();

        set.ThrowOnError();
        Assert.Empty(set.Output); // silent without -PassThru
        Assert.Equal("Day", budget.Properties["Period"].Value);
        Assert.Equal(10000m, budget.Properties["Credits"].Value);
        Assert.Equal(2000m, budget.Properties["Spent"].Value);
        Assert.Equal(8000m, budget.Properties["Remaining"].Value);
        // A Lensmor.UtcTime like every output time: ISO 8601 text in every culture.
        Assert.Equal(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z", budget.Properties["PeriodStart"].Value.ToString());
        Assert.Equal(engine.Sandbox!.BaseUri.GetLeftPart(UriPartial.Authority), budget.Properties["BaseUri"].Value);
        Assert.Matches(@"^Account\s+Period\s+Credits\s+Spent\s+Reserved\s+Remaining\s+Ends \(UTC\)$", table[0].TrimEnd());
        Assert.Matches(@"^sk_[0-9a-f]{8}\s+Day\s+10,000\s+2,000\s+0\s+8,000\s+\d{4}-\d\d-\d\d 00:00$", table[2].TrimEnd());
        Assert.All(table, l => Assert.True(l.Length <= 80, l));

        var passThru = engine.Run("Set-LensmorBudget 50000 Month -PassThru").ThrowOnError().Output.Single();
        Assert.Equal(48000m, passThru.Properties["Remaining"].Value);
        Assert.Equal(new[] { "Day", "Month" }, engine.Run("Get-LensmorBudget").ThrowOnError().Output.Select(o => (string)o.Properties["Period"].Value));
    }

    [Fact]
    public async Task WhatIf_changes_nothing_and_Clear_asks_only_when_told()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Set-LensmorBudget -Credits 10000 -Period Week").ThrowOnError();
        var stored = File.ReadAllText(BudgetFile(engine));

        var whatIfSet = engine.Run("Set-LensmorBudget -Credits 1 -Period Week -WhatIf").ThrowOnError();
        var whatIfClear = engine.Run("Clear-LensmorBudget -WhatIf").ThrowOnError();

        Assert.Equal(stored, File.ReadAllText(BudgetFile(engine)));
        Assert.Matches(@"^What if: Performing the operation ""Set the Week budget to 1 credits \(now 10,000\)"" on target ""account sk_[0-9a-f]{8} at http://127\.0\.0\.1:\d+""\.$", Assert.Single(whatIfSet.WhatIfLines));
        Assert.Contains("Remove the Week budget of 10,000 credits", Assert.Single(whatIfClear.WhatIfLines));

        engine.Ui.Answer("No");
        engine.Run("Clear-LensmorBudget -Period Week -Confirm").ThrowOnError();
        Assert.Single(engine.Ui.Prompts);
        Assert.Contains("(0 spent this period)", engine.Ui.Prompts[0].Message);
        Assert.Single(engine.Run("Get-LensmorBudget").ThrowOnError().Output);

        var cleared = engine.Run("Clear-LensmorBudget -PassThru").ThrowOnError(); // ConfirmImpact Medium: no prompt by default
        Assert.Single(engine.Ui.Prompts);
        Assert.Equal("Week", Assert.Single(cleared.Output).Properties["Period"].Value);
        Assert.Empty(engine.Run("Get-LensmorBudget").ThrowOnError().Output);
        Assert.Contains("No budget is set", string.Join(" ", engine.Run("Clear-LensmorBudget -Verbose").ThrowOnError().Verbose));
    }

    [Fact]
    public async Task Period_completes_its_values_and_rejects_others_before_anything_is_written()
    {
        await using var engine = await EngineSession.StartAsync();

        foreach (var command in new[] { "Set-LensmorBudget -Credits 5 -Period ", "Get-LensmorBudget -Period ", "Clear-LensmorBudget -Period " })
        {
            var texts = engine.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", command)
                .ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
            Assert.Equal(new[] { "Day", "Month", "Week" }, texts.OrderBy(t => t, StringComparer.Ordinal));
        }

        var bad = engine.Run("Set-LensmorBudget -Credits 5 -Period Year");
        Assert.Contains("Day, Week, Month", bad.Terminating?.Message ?? string.Join(" ", bad.Errors));
        var negative = engine.Run("Set-LensmorBudget -Credits -5 -Period Day -WhatIf");
        Assert.Equal("LensmorInvalidArgument", Assert.Single(negative.ErrorIds));
        Assert.Empty(negative.WhatIfLines);
        Assert.False(File.Exists(BudgetFile(engine)));
    }

    [Fact]
    public async Task The_context_says_what_its_spent_counts_and_shows_the_budget()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);
        engine.Run("Unlock-LensmorEvent -Id 139185 -Force; Set-LensmorBudget -Credits 10000 -Period Day").ThrowOnError();

        var text = engine.Run("Get-LensmorContext | Out-String -Width 80").ThrowOnError().Text;

        Assert.Matches(@"(?m)^SpentThisSession\s+: 2000\s*$", text);
        Assert.Matches(@"(?m)^Budget\s+: Day: 8,000 of 10,000 left\s*$", text);
        Assert.Matches(@"(?m)^Account\s+: sk_[0-9a-f]{8}\s*$", text);
        Assert.DoesNotMatch(@"(?m)^Spent\s+:", text);
    }

    [Fact]
    public async Task The_spend_log_shows_the_connected_accounts_rows_unless_asked_for_all_and_names_the_paid_cmdlets_on_a_typo()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);
        engine.Run("Unlock-LensmorEvent -Id 139185 -Force").ThrowOnError();
        File.AppendAllText(engine.JournalPath, """{"v":1,"id":"other","key":"k-other","state":"settled","at":"2026-11-30T10:05:00+00:00","account":"https://platform.lensmor.com sk_1a2b3c4d","cmdlet":"Unlock-LensmorEvent","action":"UnlockEvent","targets":"139001","scope":"Contacts","expected":2000,"charged":2000,"outcome":"charged","pid":1,"host":"elsewhere"}""" + "\n");

        var mine = engine.Run("Get-LensmorSpendLog").ThrowOnError().Output;
        var all = engine.Run("Get-LensmorSpendLog -AllAccounts").ThrowOnError().Output;
        var typo = engine.Run("Get-LensmorSpendLog -Cmdlet Unlock-LensmorEvents");

        Assert.Equal("139185", Assert.Single(mine).Properties["Target"].Value);
        Assert.Equal(new[] { "https://platform.lensmor.com" }, all.Select(o => (string)o.Properties["BaseUri"].Value).Where(b => !b.StartsWith("http://127.0.0.1", StringComparison.Ordinal)));
        Assert.Equal(2, all.Count);
        Assert.Equal(new[] { "LensmorInvalidArgument" }, typo.ErrorIds);
        Assert.Contains("Unlock-LensmorContactEmail, Unlock-LensmorContactPhone, Unlock-LensmorEvent", Assert.Single(typo.Errors).Exception.Message);
        Assert.Empty(typo.Output);
    }

    [Fact]
    public async Task A_contact_runs_target_reads_whole_in_the_spend_logs_80_column_view()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);
        engine.Run("Unlock-LensmorEvent -Id 139185 -Force").ThrowOnError();
        engine.Run("Get-LensmorPersonnel -EventId 139185 -First 5 | Unlock-LensmorContactEmail -Force").ThrowOnError();

        var lines = engine.Run("Get-LensmorSpendLog -Cmdlet Unlock-LensmorContactEmail | Out-String -Width 80").ThrowOnError().Text
            .Split('\n').Where(l => l.Trim().Length > 0).ToList();

        Assert.Matches(@"Unlock-LensmorContactEmail\s+\w+\s+[\d,]+\s+5 at 139185\s*$", lines[2]);
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
    }

    [Fact]
    public async Task Runspaces_of_ForEach_Object_Parallel_share_a_budget_and_never_reserve_past_it()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Set-LensmorBudget -Credits 10000 -Period Day").ThrowOnError();

        var reserved = engine.Run("""
            $journal = (Get-LensmorContext).JournalPath
            $account = (Get-Item "$journal.budgets.json" | Get-Content -Raw | ConvertFrom-Json).budgets[0].account
            1..6 | ForEach-Object -ThrottleLimit 6 -Parallel {
                $book = [Lensmor.Core.Spending.BudgetBook]::new([Lensmor.Core.Spending.IntentJournal]::new($using:journal))
                try { $r = $book.Reserve($using:account, 3000, $false, $null); $r.Held }
                catch { 0 }
            }
            """).ThrowOnError().Output.Select(o => Convert.ToDecimal(o.BaseObject, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(6, reserved.Count);
        Assert.Equal(3, reserved.Count(r => r == 3000));
        Assert.Equal(9000m, engine.Run("(Get-LensmorBudget).Reserved").ThrowOnError().Output.Single().BaseObject);
    }
}
