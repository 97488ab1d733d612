using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// -PlanPath, Get-LensmorPlan and Invoke-LensmorPlan as the engine runs them: no prompt while planning, -WhatIf
/// with -PlanPath, the prompts and What if lines of an apply, binding from Get-LensmorPlan, the views at 80
/// columns, Tab on a plan file's path, and budgets in paid runs (the -WhatIf line, runspaces of -Parallel).
/// </summary>
public sealed class PlanEngineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lensmor-plans-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PlanFile(string name = "unlock.json") => Path.Combine(folder, name);

    private static List<string> Lines(string text) => text.Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();

    [Fact]
    public async Task PlanPath_never_prompts_writes_one_plan_object_and_both_views_fit_80_columns()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);

        var planned = engine.Run("Unlock-LensmorEvent -Id 139001, 139002, 139003 -PlanPath $args[0]", PlanFile()).ThrowOnError();
        var table = Lines(engine.Run("Get-LensmorPlan $args[0] | Out-String -Width 80", PlanFile()).ThrowOnError().Text);
        var targets = Lines(engine.Run("(Get-LensmorPlan $args[0]).Targets | Out-String -Width 80", PlanFile()).ThrowOnError().Text);

        Assert.Empty(engine.Ui.Prompts);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
        var plan = Assert.Single(planned.Output);
        Assert.Equal("Lensmor.Plan", plan.BaseObject.GetType().FullName);
        Assert.Equal(("Unlock-LensmorEvent", 6000m, "NotApplied"), ((string)plan.Properties["Cmdlet"].Value, (decimal)plan.Properties["TotalCredits"].Value, (string)plan.Properties["Status"].Value));
        Assert.Matches(@"^Cmdlet\s+Targets\s+Credits\s+Status\s+Expires \(UTC\)$", table[0]);
        Assert.Matches(@"^Unlock-LensmorEvent\s+3\s+6,000\s+NotApplied\s+\d{4}-\d\d-\d\d \d\d:\d\d$", table[2]);
        Assert.Matches(@"^\s+#\s+Name\s+Credits\s+Reason\s+Status$", targets[0]);
        Assert.Matches(@"^\s+1\s+event 'CES 2027' \(139001\)\s+2,000\s+ok\s+NotApplied$", targets[2]);
        Assert.All(table.Concat(targets), l => Assert.True(l.Length <= 80, l));
    }

    [Fact]
    public async Task PlanPath_with_WhatIf_rehearses_the_run_names_the_file_and_writes_nothing()
    {
        await using var engine = await EngineSession.StartAsync();

        var run = engine.Run("Unlock-LensmorEvent -Id 139001, 139002 -PlanPath $args[0] -WhatIf", PlanFile()).ThrowOnError();

        Assert.False(File.Exists(PlanFile()));
        Assert.Empty(run.Output);
        Assert.Equal(4, run.WhatIfLines.Count);
        Assert.Equal("What if: in total this run would spend 4,000 credits to unlock 2 events.", run.WhatIfLines[2]);
        Assert.StartsWith($"What if: Performing the operation \"Write a plan of 2 events for 4,000 credits, valid until ", run.WhatIfLines[3], StringComparison.Ordinal);
        Assert.EndsWith($"on target \"{PlanFile()}\".", run.WhatIfLines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_plan_parameters_are_refused_before_any_request()
    {
        await using var engine = await EngineSession.StartAsync();
        var before = engine.Sandbox!.Requests.All.Count;

        var noPath = engine.Run("Unlock-LensmorEvent -Id 139001 -PlanExpiresIn 02:00:00 -WhatIf");
        var ticks = engine.Run("Unlock-LensmorEvent -Id 139001 -PlanPath $args[0] -PlanExpiresIn 48", PlanFile());
        var noFolder = engine.Run("Unlock-LensmorEvent -Id 139001 -PlanPath $args[0]", Path.Combine(folder, "missing", "p.json"));
        var aFolder = engine.Run("Unlock-LensmorEvent -Id 139001 -PlanPath $args[0]", folder);

        Assert.All(new[] { noPath, ticks, noFolder, aFolder }, r => Assert.Equal(new[] { "LensmorInvalidArgument" }, r.ErrorIds));
        Assert.Contains("a bare number is read as ticks", Assert.Single(ticks.Errors).ErrorDetails.RecommendedAction);
        Assert.Equal(before, engine.Sandbox.Requests.All.Count);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Invoke_asks_per_target_WhatIf_prints_the_plan_and_a_plan_binds_by_its_Path()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139001, 139002 -PlanPath $args[0]", PlanFile()).ThrowOnError();

        var whatIf = engine.Run("Invoke-LensmorPlan $args[0] -WhatIf", PlanFile()).ThrowOnError();
        engine.Ui.Answer("Yes", "No");
        var asked = engine.Run("Get-LensmorPlan $args[0] | Invoke-LensmorPlan", PlanFile()).ThrowOnError();
        var status = engine.Run("(Get-LensmorPlan $args[0]).Status", PlanFile()).ThrowOnError();

        Assert.Equal(3, whatIf.WhatIfLines.Count);
        Assert.Contains("on target \"event 'CES 2027' (139001)\"", whatIf.WhatIfLines[0]);
        Assert.Equal(2, engine.Ui.Prompts.Count);
        Assert.Contains("1 of 2, run total 4,000 credits", engine.Ui.Prompts[0].Message);
        Assert.Equal(new[] { "139001" }, engine.Sandbox!.Ledger.Charges.Select(c => c.Target));
        Assert.Equal("139001", (string)Assert.Single(asked.Output).Properties["EventId"].Value);
        Assert.Equal("PartlyApplied", (string)status.Output.Single().BaseObject);
    }

    [Fact]
    public async Task A_stale_plan_is_refused_naming_the_target_and_a_reviewer_without_a_key_can_read_it()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139001 -PlanPath $args[0]", PlanFile()).ThrowOnError();
        var text = File.ReadAllText(PlanFile());
        File.WriteAllText(PlanFile("edited.json"), text.Replace("\"expectedCredits\": 2000", "\"expectedCredits\": 200"));

        var edited = engine.Run("Invoke-LensmorPlan $args[0] -Force", PlanFile("edited.json"));
        engine.Run("Disconnect-Lensmor").ThrowOnError();
        var review = engine.Run("Get-LensmorPlan -Path $args[0]", Path.Combine(folder, "*.json"));

        Assert.Equal(new[] { "LensmorPlanEdited" }, edited.ErrorIds);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
        Assert.Empty(review.Errors);
        Assert.Equal(new[] { "Edited", "Valid" }, review.Output.Select(o => (string)o.Properties["Validity"].Value));
        Assert.Contains("changed after it was written", Assert.Single(review.Warnings));
    }

    [Fact]
    public async Task Tab_on_a_plan_path_offers_folders_and_plan_files_only()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139001 -PlanPath $args[0]", PlanFile("weekly.json")).ThrowOnError();
        File.WriteAllText(PlanFile("other.json"), "{\"name\": \"not a plan\"}");
        Directory.CreateDirectory(Path.Combine(folder, "approved"));
        engine.Run("Set-Location $args[0]", folder).ThrowOnError();

        foreach (var command in new[] { "Get-LensmorPlan ", "Invoke-LensmorPlan -Path ", "Get-LensmorPlan w" })
        {
            var texts = engine.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", command)
                .ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
            Assert.Contains("weekly.json", texts);
            Assert.DoesNotContain("other.json", texts);
            Assert.Equal(command.EndsWith('w'), !texts.Contains("approved" + Path.DirectorySeparatorChar));
        }

        // -PlanPath names a file to write: PowerShell's own file completion, which offers any file.
        var planPath = engine.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", "Unlock-LensmorEvent -Id 139001 -PlanPath oth")
            .ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Contains(planPath, t => t.EndsWith("other.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhatIf_ends_with_the_budget_line_and_parallel_runspaces_never_spend_past_the_budget()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Set-LensmorBudget -Credits 5000 -Period Day").ThrowOnError();

        var whatIf = engine.Run("Unlock-LensmorEvent -Id 139001 -WhatIf").ThrowOnError();
        var parallel = engine.Run("""
            $manifest = $args[0]
            139001..139006 | ForEach-Object -ThrottleLimit 6 -Parallel {
                Import-Module $using:manifest
                try { $null = Unlock-LensmorEvent -Id $_ -Force -ErrorAction Stop; 'spent' }
                catch { $_.FullyQualifiedErrorId.Split(',')[0] }
            }
            """, EngineSession.ModuleManifest).ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();

        Assert.Equal("What if: the Day budget of 5,000 credits has 5,000 left; this run would leave 3,000.", whatIf.WhatIfLines[^1]);
        // Two fit; a run that checks while another's settled charge is still also held is refused too (strict, never over).
        var spent = parallel.Count(o => o == "spent");
        Assert.InRange(spent, 1, 2);
        Assert.Equal(6 - spent, parallel.Count(o => o == "LensmorBudgetExceeded"));
        Assert.Equal(2000m * spent, engine.Sandbox!.Ledger.Charges.Sum(c => c.Credits));
        Assert.Equal(0m, (decimal)engine.Run("(Get-LensmorBudget).Reserved").ThrowOnError().Output.Single().BaseObject);
    }
}
