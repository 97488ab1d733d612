using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorBalance: the credit balance of the key's owner. Free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorBalance")]
[OutputType(typeof(Balance))]
public sealed class GetLensmorBalanceCommand : LensmorCmdlet
{
    protected override void Process() => Run(host => BalanceOperation.WriteAsync(Session, host));
}
