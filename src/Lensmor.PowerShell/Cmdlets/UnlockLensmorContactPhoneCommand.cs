using System.Management.Automation;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Unlock-LensmorContactPhone: unlocks contact phone numbers through async tasks, 150 credits per chargeable contact.</summary>
[Cmdlet(VerbsCommon.Unlock, "LensmorContactPhone", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ContactUnlockResult), typeof(ContactUnlockTask))]
public sealed class UnlockLensmorContactPhoneCommand : UnlockLensmorContactCommandBase
{
    internal override ContactChannel Channel => ContactChannel.Phone;
}
