using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorBudget: the connected account's budgets and where each stands this period (spent, held by runs in
/// progress, remaining), read from the journal every process shares. -AllAccounts for every account's.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LensmorBudget")]
[OutputType(typeof(Budget))]
public sealed class GetLensmorBudgetCommand : LensmorCmdlet
{
    [Parameter(Position = 0)]
    public BudgetPeriod? Period { get; set; }

    /// <summary>Every account's budgets, not only the connected one's (no connection needed).</summary>
    [Parameter]
    public SwitchParameter AllAccounts { get; set; }

    protected override bool RequiresSession => false;

    protected override void Process()
    {
        var account = AllAccounts ? null : ModuleState.Sessions.Resolve(Environment.GetEnvironmentVariable).Account;
        var book = BudgetOperation.Book(ModuleState.Sessions.CurrentJournal(Environment.GetEnvironmentVariable));
        Run(host =>
        {
            var budgets = book.Get(account, Period, host);
            if (budgets.Count == 0)
            {
                host.WriteVerbose(AllAccounts ? "No budget is set in this journal." : "No budget is set for this account; Set-LensmorBudget sets one.");
            }

            foreach (var budget in budgets)
            {
                host.WriteObject(budget);
            }

            return Task.CompletedTask;
        });
    }
}
