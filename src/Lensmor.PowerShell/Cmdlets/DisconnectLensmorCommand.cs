using System.Management.Automation;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Disconnect-Lensmor: forgets the key Connect-Lensmor stored, and the event ids and places the session listed
/// for tab completion (the next connection may be another account that cannot see them).
/// $env:LENSMOR_API_KEY, if set, still applies.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Lensmor")]
[OutputType(typeof(void))]
public sealed class DisconnectLensmorCommand : LensmorCmdlet
{
    protected override bool RequiresSession => false;

    protected override void Process()
    {
        var had = ModuleState.Sessions.Disconnect(RunspaceId);
        SeenValues.Clear();
        WriteVerbose(had ? "Disconnected from Lensmor." : "There was no Connect-Lensmor session to close.");
    }
}
