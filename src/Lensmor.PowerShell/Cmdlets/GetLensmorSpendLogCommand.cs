using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorSpendLog: what paid cmdlets did, from the local intent journal and its archive, streamed. By
/// default only the connected account's rows at its endpoint (a sandbox's rows are its own); -AllAccounts for
/// every account. Sends no request.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LensmorSpendLog")]
[OutputType(typeof(SpendRecord))]
public sealed class GetLensmorSpendLogCommand : LensmorCmdlet
{
    [Parameter(Position = 0)]
    public DateTime? Since { get; set; }

    /// <summary>A paid cmdlet's name; wildcards allowed. A name that matches no paid cmdlet is an error.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PaidCmdletCompleter))]
    public string? Cmdlet { get; set; }

    [Parameter]
    public SpendOutcome? Outcome { get; set; }

    /// <summary>Rows of every account and endpoint in the journal, not only the connected one's.</summary>
    [Parameter]
    public SwitchParameter AllAccounts { get; set; }

    /// <summary>Another journal file to read, such as a copy from another machine.</summary>
    [Parameter]
    public string? JournalPath { get; set; }

    protected override bool RequiresSession => false;

    protected override bool FailuresTerminate => true;

    protected override void Process()
    {
        SpendLogOperation.EnsureKnownCmdlet(Cmdlet, PaidCmdletCompleter.Names.Value);
        var journal = JournalPath != null
            ? new IntentJournal(GetUnresolvedProviderPathFromPSPath(JournalPath))
            : ModuleState.Sessions.CurrentJournal(Environment.GetEnvironmentVariable);
        var account = AllAccounts ? null : ModuleState.Sessions.CurrentAccount(Environment.GetEnvironmentVariable);
        if (!AllAccounts && account == null)
        {
            WriteVerbose("No usable Lensmor connection (Connect-Lensmor or $env:LENSMOR_API_KEY): the spend log shows every account.");
        }

        DateTimeOffset? since = Since is { } s ? new DateTimeOffset(s.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(s, DateTimeKind.Local) : s) : null;
        Run(host => SpendLogOperation.WriteAsync(journal, host, since, Cmdlet, Outcome, explicitPath: JournalPath != null, account: account));
    }
}
