using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Lensmor.Engine.Tests.Harness;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests;

/// <summary>
/// What only the engine decides about a paid run: which prompts a user sees, what each answer does on the
/// ledger, what -WhatIf prints, and how -WhatIf, -Force, -Confirm and the preference variables rank.
/// </summary>
public sealed class ConfirmationTests
{
    private const string ThreeEvents = "'139002', '139003', '139004' | Unlock-LensmorEvent";

    public static TheoryData<string[], string[], int> Answers => new()
    {
        // answers given, in order             events charged                  prompts shown
        { new[] { "Yes", "Yes", "Yes" },       new[] { "139002", "139003", "139004" }, 3 },
        { new[] { "No", "Yes", "No" },         new[] { "139003" },                     3 },
        { new[] { "Yes to All" },              new[] { "139002", "139003", "139004" }, 1 },
        { new[] { "No", "Yes to All" },        new[] { "139003", "139004" },           2 },
        { new[] { "No to All" },               Array.Empty<string>(),                  1 },
        { new[] { "Yes", "No to All" },        new[] { "139002" },                     2 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Each_answer_at_the_prompt_decides_what_the_ledger_charges(string[] answers, string[] charged, int prompts)
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Ui.Answer(answers);

        var run = engine.Run(ThreeEvents).ThrowOnError();

        Assert.Equal(prompts, engine.Ui.Prompts.Count);
        Assert.Equal(0, engine.Ui.UnusedAnswers);
        Assert.Equal(charged, engine.Sandbox!.Ledger.Charges.Select(c => c.Target));
        Assert.All(engine.Sandbox.Ledger.Charges, c => Assert.Equal(2000m, c.Credits));
        Assert.Equal(charged.Length, engine.Sandbox.Requests.Paid.Count);
        // One receipt per event actually unlocked, none for a declined one.
        Assert.Equal(charged, run.Output.Select(o => (string)o.Properties["EventId"].Value));
        Assert.All(run.Output, o => Assert.Equal("Unlocked", o.Properties["Outcome"].Value));
    }

    [Fact]
    public async Task The_prompt_names_the_event_its_cost_and_the_balance_it_leaves()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Ui.Answer("Yes", "No", "No");

        engine.Run(ThreeEvents).ThrowOnError();

        var first = engine.Ui.Prompts[0];
        Assert.Contains("139002", first.Message);
        Assert.Contains("2,000 credits", first.Message);
        Assert.Contains("30,050 -> 28,050", first.Message);
        // The second prompt starts from the balance the first unlock really left.
        Assert.Contains("28,050 -> 26,050", engine.Ui.Prompts[1].Message);
        Assert.Equal(new[] { "Yes", "Yes to All", "No", "No to All", "Suspend" }, first.Choices);
    }

    [Fact]
    public async Task WhatIf_prints_one_line_per_event_and_the_run_total_and_sends_nothing_paid()
    {
        await using var engine = await EngineSession.StartAsync();

        var run = engine.Run(ThreeEvents + " -WhatIf").ThrowOnError();

        Assert.Equal(new[]
        {
            "What if: Performing the operation \"Unlock event access for 2,000 credits (balance 30,050 -> 28,050)\" on target \"event 'Fintech Fair 2026' (139002)\".",
            "What if: Performing the operation \"Unlock event access for 2,000 credits (balance 28,050 -> 26,050)\" on target \"event 'HealthTech Week 2026' (139003)\".",
            "What if: Performing the operation \"Unlock event access for 2,000 credits (balance 26,050 -> 24,050)\" on target \"event 'Logistics World 2026' (139004)\".",
            "What if: in total this run would spend 6,000 credits to unlock 3 events.",
        }, run.WhatIfLines);
        Assert.Empty(run.Output);
        Assert.Empty(engine.Ui.Prompts);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
        Assert.Empty(engine.Sandbox.Ledger.Charges);
        Assert.Empty(engine.Journal());
    }

    [Fact]
    public async Task WhatIf_counts_an_already_unlocked_event_as_free_in_the_total()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139003 -Force").ThrowOnError();

        var run = engine.Run(ThreeEvents + " -WhatIf").ThrowOnError();

        Assert.Equal(3, run.WhatIfLines.Count);
        Assert.Equal("What if: in total this run would spend 4,000 credits to unlock 2 events.", run.WhatIfLines[^1]);
        Assert.Single(run.Output); // the receipt of the event that is already unlocked: AlreadyUnlocked, nothing charged
        Assert.Equal("AlreadyUnlocked", run.Output[0].Properties["Outcome"].Value);
        Assert.Single(engine.Sandbox!.Ledger.Charges);
    }

    /// <summary>
    /// The rule (README, about_Lensmor_Credits): -WhatIf, or $WhatIfPreference unless -WhatIf:$false, always wins;
    /// then -Force skips the prompt; then -Confirm, $ConfirmPreference and ConfirmImpact High decide whether to ask.
    /// </summary>
    public static TheoryData<string, string, int, int, int> Precedence => new()
    {
        // script                                                                          answer  prompts whatIf charges
        { "Unlock-LensmorEvent -Id 139002",                                                 "Yes", 1, 0, 1 },
        { "Unlock-LensmorEvent -Id 139002",                                                 "No",  1, 0, 0 },
        { "Unlock-LensmorEvent -Id 139002 -Force",                                          "",    0, 0, 1 },
        { "Unlock-LensmorEvent -Id 139002 -Confirm:$false",                                 "",    0, 0, 1 },
        { "Unlock-LensmorEvent -Id 139002 -WhatIf -Force",                                  "",    0, 1, 0 },
        { "Unlock-LensmorEvent -Id 139002 -WhatIf -Confirm",                                "",    0, 1, 0 },
        { "Unlock-LensmorEvent -Id 139002 -WhatIf -Confirm:$false",                         "",    0, 1, 0 },
        { "Unlock-LensmorEvent -Id 139002 -Confirm -Force",                                 "",    0, 0, 1 },
        { "$WhatIfPreference = $true; Unlock-LensmorEvent -Id 139002",                      "",    0, 1, 0 },
        { "$WhatIfPreference = $true; Unlock-LensmorEvent -Id 139002 -Force",               "",    0, 1, 0 },
        { "$WhatIfPreference = $true; Unlock-LensmorEvent -Id 139002 -Confirm:$false",      "",    0, 1, 0 },
        { "$WhatIfPreference = $true; Unlock-LensmorEvent -Id 139002 -WhatIf:$false -Force", "",   0, 0, 1 },
        { "$WhatIfPreference = $true; Unlock-LensmorEvent -Id 139002 -WhatIf:$false",       "No",  1, 0, 0 },
        // A script sets preferences in its own scope, where they are plain strings and numbers, not typed values.
        { "& { $WhatIfPreference = 'true'; Unlock-LensmorEvent -Id 139002 -Force }",        "",    0, 1, 0 },
        { "& { $WhatIfPreference = 1; Unlock-LensmorEvent -Id 139002 -Force }",             "",    0, 1, 0 },
        { "$ConfirmPreference = 'None'; Unlock-LensmorEvent -Id 139002",                    "",    0, 0, 1 },
        { "$ConfirmPreference = 'None'; Unlock-LensmorEvent -Id 139002 -Confirm",           "No",  1, 0, 0 },
        { "$ConfirmPreference = 'Low'; Unlock-LensmorEvent -Id 139002 -Force",              "",    0, 0, 1 },
        { "& { $ConfirmPreference = 'None'; Unlock-LensmorEvent -Id 139002 }",              "",    0, 0, 1 },
        { "$ConfirmPreference = 'None'; $WhatIfPreference = $true; Unlock-LensmorEvent -Id 139002", "", 0, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Precedence))]
    public async Task WhatIf_then_Force_then_Confirm_and_the_preferences(string script, string answer, int prompts, int whatIfLines, int charges)
    {
        await using var engine = await EngineSession.StartAsync();
        if (answer.Length > 0) engine.Ui.Answer(answer);

        var run = engine.Run(script).ThrowOnError();

        Assert.Equal(prompts, engine.Ui.Prompts.Count);
        Assert.Equal(0, engine.Ui.UnusedAnswers);
        // One What if: line for the event, and one for the run's total.
        Assert.Equal(whatIfLines == 0 ? 0 : whatIfLines + 1, run.WhatIfLines.Count);
        Assert.Equal(charges, engine.Sandbox!.Ledger.Charges.Count);
        Assert.Equal(charges, engine.Sandbox.Requests.Paid.Count);
    }

    [Fact]
    public async Task A_non_interactive_host_cannot_answer_so_nothing_is_bought_without_Force()
    {
        await using var engine = await EngineSession.StartAsync(interactive: false);

        var refused = engine.Run(ThreeEvents);

        Assert.True(refused.HadErrors || refused.Terminating != null, "the prompt that cannot be shown must fail the run");
        Assert.Equal(1, engine.Ui.RefusedPrompts);
        var said = string.Join("\n", refused.Errors.Select(e => e.ToString()).Append(refused.Terminating?.Message ?? string.Empty));
        Assert.Contains(ScriptedHostUserInterface.NonInteractiveMessage, said);
        // The host's words alone do not say what to do: the error names the purchase and the switches that decide it.
        Assert.Equal(new[] { "LensmorConfirmationUnavailable" }, refused.ErrorIds);
        Assert.Contains("on event", said);
        Assert.Contains("(139002)", said);
        Assert.Contains("add -Force (or -Confirm:$false)", said);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
        Assert.Empty(engine.Sandbox.Ledger.Charges);

        // A scheduled script says what it means with -Force (or -Confirm:$false) and never reaches a prompt.
        engine.Run(ThreeEvents + " -Force").ThrowOnError();
        Assert.Equal(1, engine.Ui.RefusedPrompts);
        Assert.Equal(3, engine.Sandbox.Ledger.Charges.Count);
    }

    [Fact]
    public async Task A_host_without_a_UI_cannot_ask_either_and_gets_the_same_advice()
    {
        // A runspace with no host of its own (an app that runs scripts through the SDK): its prompt fails with a
        // HostException, not pwsh's NonInteractive error, and must read the same.
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        var journal = Path.Combine(Path.GetTempPath(), $"lensmor-engine-{Guid.NewGuid():N}.jsonl");
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("Import-Module $args[0] -ErrorAction Stop; Disconnect-Lensmor; Connect-Lensmor -ApiKey $args[1] -BaseUri $args[2] -JournalPath $args[3]; " +
                     "Unlock-LensmorEvent -Id 139002; Disconnect-Lensmor")
          .AddArgument(EngineSession.ModuleManifest).AddArgument(server.ApiKey).AddArgument(server.BaseUri.ToString().TrimEnd('/')).AddArgument(journal);
        try
        {
            ps.Invoke();
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(journal)!, Path.GetFileName(journal) + "*")) File.Delete(file);
        }

        var error = Assert.Single(ps.Streams.Error);
        Assert.StartsWith("LensmorConfirmationUnavailable,", error.FullyQualifiedErrorId);
        Assert.IsType<System.Management.Automation.Host.HostException>(error.Exception.InnerException);
        Assert.Contains("(139002)", error.Exception.Message);
        Assert.Contains("add -Force (or -Confirm:$false)", error.Exception.Message);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }
}
