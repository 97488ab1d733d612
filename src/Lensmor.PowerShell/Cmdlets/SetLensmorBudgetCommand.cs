using System.Management.Automation;
using Lensmor.Core;
using Lensmor.Core.Operations;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Set-LensmorBudget: the most the connected account may spend per UTC day, week or month, in every process and
/// runspace that shares the journal. Stored beside the journal; silent unless -PassThru.
/// </summary>
[Cmdlet(VerbsCommon.Set, "LensmorBudget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Budget))]
public sealed class SetLensmorBudgetCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public decimal Credits { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    public BudgetPeriod Period { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        BudgetBook.EnsureValid(Credits); // bad input is refused before anything, -WhatIf included
        var book = BudgetOperation.Book(Session.Journal);
        var (baseUri, name) = BudgetPeriods.SplitAccount(Session.Account);
        var previous = book.Get(Session.Account, Period).FirstOrDefault();
        var change = previous == null ? string.Empty : $" (now {Core.Credits.Format(previous.Credits)})";
        if (!ShouldProcess($"account {name} at {baseUri}", $"Set the {Period} budget to {Core.Credits.Format(Credits)} credits{change}"))
        {
            return;
        }

        var budget = book.Set(Session.Account, Period, Credits);
        WriteVerbose(budget.ToString());
        if (PassThru)
        {
            WriteObject(budget);
        }
    }
}
