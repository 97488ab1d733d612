using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorSpendLog: what paid cmdlets did, from the local intent journal. Sends no request.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorSpendLog")]
[OutputType(typeof(SpendRecord))]
public sealed class GetLensmorSpendLogCommand : LensmorCmdlet
{
    [Parameter(Position = 0)]
    public DateTime? Since { get; set; }

    /// <summary>A cmdlet name; wildcards allowed.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PaidCmdletCompleter))]
    public string? Cmdlet { get; set; }

    [Parameter]
    public SpendOutcome? Outcome { get; set; }

    /// <summary>Another journal file to read, such as a copy from another machine.</summary>
    [Parameter]
    public string? JournalPath { get; set; }

    protected override bool RequiresSession => false;

    protected override bool FailuresTerminate => true;

    protected override void Process()
    {
        var journal = JournalPath != null
            ? new IntentJournal(GetUnresolvedProviderPathFromPSPath(JournalPath))
            : ModuleState.Sessions.CurrentJournal(Environment.GetEnvironmentVariable);
        DateTimeOffset? since = Since is { } s ? new DateTimeOffset(s.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(s, DateTimeKind.Local) : s) : null;
        Run(host => SpendLogOperation.WriteAsync(journal, host, since, Cmdlet, Outcome, explicitPath: JournalPath != null));
    }
}
