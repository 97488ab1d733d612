using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorContext: the endpoint, where the key came from (never the key), and the call source.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorContext")]
[OutputType(typeof(ContextInfo))]
public sealed class GetLensmorContextCommand : LensmorCmdlet
{
    protected override bool RequiresSession => false;

    protected override void ProcessRecord()
    {
        var connected = ModuleState.Sessions.Connected;
        if (connected != null)
        {
            WriteObject(SessionResolver.Describe(connected, connected: true));
            return;
        }

        try
        {
            WriteObject(SessionResolver.Describe(ModuleState.Sessions.Resolve(Environment.GetEnvironmentVariable), connected: false));
        }
        catch (LensmorException e)
        {
            WriteError(ErrorRecords.From(e));
        }
    }
}
