using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorOutreachMessage: the latest generated outreach for a person and an event. Free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorOutreachMessage")]
[OutputType(typeof(OutreachMessage))]
public sealed class GetLensmorOutreachMessageCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    public string PersonnelId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string EventId { get; set; } = string.Empty;

    protected override void Process() =>
        Run(host => OutreachMessageOperation.GetAsync(Session, host, PersonnelId, EventId));
}
