using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Issue 16.6 in the real engine: a refused -WhatIf run still shows its plan, each prompt of a run of several
/// names its place and the run's total, and a contact run run with -Force shows one receipt line.
/// </summary>
public sealed class PaidRunSkeletonEngineTests
{
    [Theory]
    [InlineData("-MaxCredits 4000", 30_050, "", "LensmorMaxCreditsExceeded")]
    [InlineData("", 5000, "", "LensmorInsufficientCredits")]
    [InlineData("", 30_050, "-SpendLimit 3000", "LensmorSpendLimitExceeded")]
    public async Task WhatIf_shows_the_plan_of_a_run_it_refuses_then_the_refusal(string maxCredits, int balance, string connect, string refusal)
    {
        await using var engine = await EngineSession.StartAsync(sandbox: o => o.SubscriptionBalance = balance, connectArguments: connect);

        var result = engine.Run($"Unlock-LensmorEvent -Id 139001,139002,139003 {maxCredits} -WhatIf");

        Assert.Equal(new[] { refusal }, result.ErrorIds);
        var whatIf = result.WhatIfLines;
        Assert.Equal(4, whatIf.Count);
        Assert.Contains("on target \"event 'CES 2027' (139001)\"", whatIf[0]);
        Assert.All(whatIf.Take(3), l => Assert.Contains("Unlock event access for 2,000 credits", l));
        Assert.Equal("What if: in total this run would spend 6,000 credits to unlock 3 events.", whatIf[3]);
        Assert.Contains("6,000 credits for 3 events", Assert.Single(result.Errors).Exception.Message);
        Assert.Empty(engine.Ui.Prompts);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
    }

    [Fact]
    public async Task Each_prompt_of_a_run_of_several_names_its_place_and_the_run_total_so_Yes_to_All_is_an_informed_answer()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Ui.Answer("No", "Yes to All");

        engine.Run("'139002', '139003', '139004' | Unlock-LensmorEvent").ThrowOnError();

        Assert.Equal(2, engine.Ui.Prompts.Count);
        Assert.Contains("Unlock event access for 2,000 credits (1 of 3, run total 6,000 credits; balance 30,050 -> 28,050)", engine.Ui.Prompts[0].Message);
        Assert.Contains("Unlock event access for 2,000 credits (2 of 3, run total 6,000 credits; balance 30,050 -> 28,050)", engine.Ui.Prompts[1].Message);
        Assert.Equal(new[] { "139003", "139004" }, engine.Sandbox!.Ledger.Charges.Select(c => c.Target));
    }

    [Fact]
    public async Task A_contact_run_with_Force_shows_one_receipt_line_and_keeps_the_receipt_for_scripts()
    {
        await using var engine = await EngineSession.StartAsync();
        var people = engine.Sandbox!.World.PersonnelIdsOfEvent("139001", 3).ToArray();

        var result = engine.Run("Unlock-LensmorContactEmail -PersonnelId $args[0] -EventId 139001 -Force -InformationVariable receipt; $receipt", (object)people).ThrowOnError();

        var charged = engine.Sandbox.Ledger.Charges.Sum(c => c.Credits);
        Assert.Equal(45m, charged);
        var line = Assert.Single(result.HostLines, l => l.Contains("charged", StringComparison.Ordinal));
        Assert.StartsWith("UnlockEmail '3 contacts of event 139001': charged 45 of up to 45 credits (balance 30,050 -> 30,005, traceId ", line);
        Assert.Equal(3, result.Output.Count(o => o.BaseObject is not InformationRecord));
        var record = (InformationRecord)Assert.Single(result.Output, o => o.BaseObject is InformationRecord).BaseObject;
        Assert.Contains("Receipt", record.Tags);
        Assert.Equal(45m, PSObject.AsPSObject(record.MessageData).Properties["ChargedCredits"].Value);
    }
}
