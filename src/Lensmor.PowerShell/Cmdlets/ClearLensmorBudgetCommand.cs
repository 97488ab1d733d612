using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Clear-LensmorBudget: removes the connected account's budget for one period (every period without -Period).
/// ConfirmImpact Medium, as Remove-Item and Clear-Item have: it spends nothing and can be set again, so it does
/// not prompt by default (the module's rule for free cmdlets); -Confirm asks, -WhatIf shows and removes nothing.
/// </summary>
[Cmdlet(VerbsCommon.Clear, "LensmorBudget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Budget))]
public sealed class ClearLensmorBudgetCommand : LensmorCmdlet
{
    [Parameter(Position = 0)]
    public BudgetPeriod? Period { get; set; }

    /// <summary>Writes each budget removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var book = BudgetOperation.Book(Session.Journal);
        var budgets = book.Get(Session.Account, Period);
        if (budgets.Count == 0)
        {
            WriteVerbose($"No {(Period is { } p ? p + " " : string.Empty)}budget is set for this account: nothing to clear.");
            return;
        }

        foreach (var budget in budgets)
        {
            if (!ShouldProcess($"account {budget.Account} at {budget.BaseUri}", "Remove the " + BudgetOperation.DescribeForRemoval(budget)))
            {
                continue;
            }

            foreach (var removed in book.Clear(Session.Account, (BudgetPeriod)Enum.Parse(typeof(BudgetPeriod), budget.Period)))
            {
                if (PassThru)
                {
                    WriteObject(removed);
                }
            }
        }
    }
}
