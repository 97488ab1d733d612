using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Request-LensmorOutreachMessage: starts AI outreach generation for people of an event (paid per person).
/// Piped people are collected and sent in requests of 50 after one confirmation; read the text with
/// Get-LensmorOutreachMessage.
/// </summary>
[Cmdlet(VerbsLifecycle.Request, "LensmorOutreachMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OutreachRequestResult))]
public sealed class RequestLensmorOutreachMessageCommand : LensmorPaidRunCmdlet
{
    private OutreachMessageOperation operation = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [PipelineId]
    public string[] PersonnelId { get; set; } = Array.Empty<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string? EventId { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(OutreachChannelCompleter))]
    public string[] Channel { get; set; } = { "email" };

    [Parameter]
    public string? Purpose { get; set; }

    /// <summary>Sends the request even though an identical one has an unknown outcome (it may be charged again).</summary>
    [Parameter]
    public SwitchParameter RetryUnsettled { get; set; }

    protected override void BeginRun() =>
        operation = new OutreachMessageOperation(Session, Channel, Purpose, MaxCredits) { RetryUnsettled = RetryUnsettled };

    protected override void Process() => Gather(PersonnelId, id => operation.Add(id, EventId));

    protected override List<KeyValuePair<string, string>> PlanParameters() => PlannedRuns.Outreach(Channel, Purpose, RetryUnsettled.IsPresent);

    protected override void End() => RunPaid(operation.Paid, operation.RunAsync);
}

/// <summary>
/// -Channel's values, from the paid operation's own list. It sits beside its cmdlet, not with the shared
/// completers in Lensmor.PowerShell, because only the cmdlets may name a paid run (ModuleLayeringTests).
/// </summary>
public sealed class OutreachChannelCompleter : ValuesCompleter
{
    public OutreachChannelCompleter()
        : base(OutreachMessageOperation.KnownChannels.ToArray())
    {
    }
}
