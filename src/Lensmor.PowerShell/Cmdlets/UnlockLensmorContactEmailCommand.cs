using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Unlock-LensmorContactEmail: unlocks contact emails through async tasks, 15 credits per chargeable contact.</summary>
[Cmdlet(VerbsCommon.Unlock, "LensmorContactEmail", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ContactUnlockResult), typeof(ContactUnlockTask))]
public sealed class UnlockLensmorContactEmailCommand : UnlockLensmorContactCommandBase
{
    internal override ContactChannel Channel => ContactChannel.Email;
}
