using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// -WhatIf through the real engine on every cmdlet that can spend (Core's WhatIfEveryPaidOperationTests hold the
/// operations): each prints its What if lines and the run's total, and the sandbox's request log shows no paid
/// endpoint reached and its ledger no charge.
/// </summary>
public class WhatIfEveryPaidCmdletTests
{
    private const string People = "Get-LensmorPersonnel -EventId 139005 -First 3 -WarningAction SilentlyContinue | ";

    // Invoke-LensmorPlan is the eighth cmdlet that can spend: a plan is written (which sends nothing paid either),
    // then applied with -WhatIf.
    private const string Planned = "$plan = Join-Path ([IO.Path]::GetTempPath()) \"whatif-$([guid]::NewGuid().ToString('N')).json\"; $null = ";
    private const string Applied = "; try { Invoke-LensmorPlan $plan -WhatIf } finally { Remove-Item -LiteralPath $plan }";

    [Theory]
    [InlineData("Unlock-LensmorEvent -Id 139001 -WhatIf")]
    [InlineData("Unlock-LensmorEvent -Id 139001 -Scope Full -WhatIf")]
    [InlineData("Search-LensmorExhibitorEvents -CompanyName Acme -WhatIf")]
    [InlineData("Search-LensmorExhibitor -CompanyName Acme -WhatIf")]
    [InlineData(People + "Unlock-LensmorContactEmail -WhatIf")]
    [InlineData(People + "Unlock-LensmorContactPhone -WhatIf")]
    [InlineData(People + "Unlock-LensmorLinkedInActivity -WhatIf")]
    [InlineData(People + "Request-LensmorOutreachMessage -Channel email -WhatIf")]
    [InlineData(Planned + "Unlock-LensmorEvent -Id 139001, 139002 -PlanPath $plan" + Applied)]
    [InlineData(Planned + People + "Unlock-LensmorContactEmail -PlanPath $plan" + Applied)]
    [InlineData(Planned + "Search-LensmorExhibitor -CompanyName Acme -PlanPath $plan" + Applied)]
    public async Task WhatIf_prints_the_plan_and_reaches_no_paid_endpoint(string command)
    {
        await using var engine = await EngineSession.StartAsync();

        var result = engine.Run(command).ThrowOnError();

        var whatIf = result.HostLines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.True(whatIf.Count >= 2, $"{command} printed: {string.Join(" | ", result.HostLines)}");
        Assert.StartsWith("What if: in total this run would spend", whatIf[^1]);
        Assert.Empty(result.Output);
        Assert.Empty(engine.Sandbox!.Requests.Paid);
        Assert.Empty(engine.Sandbox.Ledger.Charges);
    }
}
