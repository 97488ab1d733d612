using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Plan, then spend, in the real engine with the scripted host: a run is refused whole before any prompt,
/// -WhatIf prints the deduplicated plan, Yes to All still works, contact unlocks resume without a second
/// charge, and piped objects are never ids.
/// </summary>
public sealed class PaidRunEngineTests
{
    /// <summary>The last error as the user's $Error[0] holds it (ErrorDetails and all).</summary>
    private static ErrorRecord LastError(EngineSession engine) => (ErrorRecord)engine.Run("$Error[0]").Output[0].BaseObject;

    [Fact]
    public async Task A_three_event_run_over_MaxCredits_is_refused_before_any_prompt_and_nothing_is_charged()
    {
        await using var engine = await EngineSession.StartAsync();

        // No answers are scripted: a prompt would fail the test.
        var result = engine.Run("$r = Unlock-LensmorEvent -Id 139001,139002,139003 -MaxCredits 4000; $r");

        Assert.Contains("LensmorMaxCreditsExceeded", result.ErrorIds);
        Assert.Empty(engine.Ui.Prompts);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
        Assert.Empty(engine.Sandbox.Ledger.Charges);
        var record = LastError(engine);
        Assert.Contains("6,000 credits for 3 events", record.ErrorDetails.Message);
        Assert.Contains("-MaxCredits 4,000", record.ErrorDetails.Message);
        Assert.False(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction));
    }

    [Fact]
    public async Task A_run_over_the_balance_is_refused_whole_with_Force_too()
    {
        await using var engine = await EngineSession.StartAsync(sandbox: o => o.SubscriptionBalance = 5000);

        var result = engine.Run("Unlock-LensmorEvent -Id 139001,139002,139003 -Force");

        Assert.Contains("LensmorInsufficientCredits", result.ErrorIds);
        Assert.Empty(engine.Sandbox!.Ledger.Charges);
        Assert.Equal(5000m, engine.Sandbox.Ledger.TotalBalance);
    }

    [Fact]
    public async Task WhatIf_prints_the_deduplicated_plan_with_its_total()
    {
        await using var engine = await EngineSession.StartAsync();

        var result = engine.Run("'139002', '139002', ' 139002 ' | Unlock-LensmorEvent -WhatIf").ThrowOnError();

        var whatIf = result.HostLines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, whatIf.Count);
        Assert.Contains("139002", whatIf[0]);
        Assert.Contains("2,000 credits", whatIf[0]);
        Assert.Equal("What if: in total this run would spend 2,000 credits to unlock 1 event.", whatIf[1]);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
    }

    [Fact]
    public async Task Yes_to_All_answers_the_whole_run_once_and_every_receipt_reaches_the_variable()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Ui.Answer("Yes to All");

        var result = engine.Run("$r = Unlock-LensmorEvent -Id 139002,139003 -MaxCredits 4000; $r").ThrowOnError();

        Assert.Single(engine.Ui.Prompts);
        Assert.Equal(2, result.Output.Count);
        Assert.Equal(4000m, engine.Sandbox!.Ledger.Charges.Sum(c => c.Credits));
    }

    [Fact]
    public async Task A_contact_unlock_whose_answer_was_lost_resumes_without_a_second_charge()
    {
        await using var engine = await EngineSession.StartAsync();
        var sandbox = engine.Sandbox!;
        sandbox.World.MarkEventUnlocked("139001");
        var people = sandbox.World.PersonnelIdsOfEvent("139001", 400);
        var ids = people.Where(sandbox.World.HasEmail).Take(5).Concat(people.Where(id => !sandbox.World.HasEmail(id)).Take(3)).ToArray();
        sandbox.Faults.Add(new SandboxFault("POST", "^/external/contacts/unlock$", SandboxFaultKind.DropAfterExecute));

        var first = engine.Run("Unlock-LensmorContactEmail -PersonnelId $args[0] -EventId 139001 -Force", (object)ids);

        Assert.Contains("LensmorOutcomeUnknown", first.ErrorIds);
        Assert.Contains(first.Warnings, w => w.Contains("answer was lost") && w.Contains("The balance moved by 120"));
        Assert.Equal(120m, sandbox.Ledger.Charges.Sum(c => c.Credits));

        await Task.Delay(300);
        var paidBefore = sandbox.Requests.Paid.Count;
        var rerun = engine.Run("Unlock-LensmorContactEmail -PersonnelId $args[0] -EventId 139001 -Force", (object)ids).ThrowOnError();

        Assert.Equal(paidBefore, sandbox.Requests.Paid.Count);
        Assert.Equal(120m, sandbox.Ledger.Charges.Sum(c => c.Credits));
        Assert.All(sandbox.Ledger.Charges.GroupBy(c => c.Target), g => Assert.Single(g));
        var rows = rerun.Output.Select(o => o.Properties).ToList();
        Assert.Equal(5, rows.Count(p => (string)p["Status"].Value == "AlreadyUnlocked" && (bool)p["Delivered"].Value && ((string)p["Email"].Value).Contains('@')));
        Assert.Equal(3, rows.Count(p => (string)p["Status"].Value == "Failed"));
        Assert.Contains(rerun.Warnings, w => w.Contains("-RetryFailed"));
    }

    [Theory]
    [InlineData("[pscustomobject]@{ Name = 'Acme' } | Search-LensmorExhibitorEvents -Force")]
    [InlineData("[pscustomobject]@{ Name = 'Acme' } | Search-LensmorExhibitor -Force")]
    [InlineData("[pscustomobject]@{ Name = 'A'; City = 'X' } | Unlock-LensmorEvent -Force")]
    [InlineData("@{ Name = 'A' } | Unlock-LensmorContactEmail -EventId 139001 -Force")]
    public async Task A_piped_object_without_the_expected_property_is_an_invalid_argument_and_nothing_is_sent(string script)
    {
        await using var engine = await EngineSession.StartAsync();

        var result = engine.Run(script);

        Assert.Equal(new[] { "LensmorInvalidArgument" }, result.ErrorIds);
        Assert.Null(result.Terminating);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
        Assert.DoesNotContain(engine.Sandbox.Requests.All, r => r.Path.Contains('@') || (r.Body ?? string.Empty).Contains("@{"));
    }

    [Fact]
    public async Task Objects_with_the_property_still_bind_by_name()
    {
        await using var engine = await EngineSession.StartAsync();

        engine.Run("[pscustomobject]@{ EventId = '139002' }, 139003 | Unlock-LensmorEvent -WhatIf").ThrowOnError();

        Assert.Contains(engine.Ui.Lines, l => l.Contains("4,000 credits to unlock 2 events"));
    }

    [Theory]
    [InlineData("Unlock-LensmorEvent -Id 139002 -MaxCredits -1")]
    [InlineData("Search-LensmorExhibitorEvents -CompanyName Acme -MaxCredits -1")]
    [InlineData("Search-LensmorExhibitor -CompanyName Acme -MaxCredits -1")]
    [InlineData("Unlock-LensmorContactEmail -PersonnelId 7000001 -EventId 139001 -MaxCredits -1")]
    [InlineData("Unlock-LensmorContactPhone -PersonnelId 7000001 -EventId 139001 -MaxCredits -1")]
    [InlineData("Unlock-LensmorLinkedInActivity -PersonnelId 7000001 -EventId 139001 -MaxCredits -1")]
    [InlineData("Request-LensmorOutreachMessage -PersonnelId 7000001 -EventId 139001 -MaxCredits -1")]
    public async Task A_negative_MaxCredits_is_an_invalid_argument_with_advice_on_every_paid_cmdlet(string script)
    {
        await using var engine = await EngineSession.StartAsync();

        var result = engine.Run(script);

        Assert.Equal(new[] { "LensmorInvalidArgument" }, result.ErrorIds);
        var record = LastError(engine);
        Assert.StartsWith("LensmorInvalidArgument,", record.FullyQualifiedErrorId);
        Assert.Contains("-MaxCredits", record.ErrorDetails.RecommendedAction);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
    }

    [Fact]
    public async Task After_a_server_error_the_advice_names_only_parameters_the_cmdlet_has()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Faults.Add(new SandboxFault("POST", "^/external/events/139002/unlock$", SandboxFaultKind.StatusBeforeExecute) { StatusCode = 500 });

        var result = engine.Run("Unlock-LensmorEvent -Id 139002 -Force");

        Assert.NotEmpty(result.ErrorIds);
        var error = LastError(engine);
        var said = string.Join("\n", result.Warnings.Append(error.ErrorDetails?.RecommendedAction ?? "").Append(error.ToString()));
        Assert.DoesNotContain("-RetryUnsettled", said);
    }
}
