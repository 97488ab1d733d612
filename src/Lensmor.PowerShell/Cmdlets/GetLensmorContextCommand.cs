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

    protected override void Process()
    {
        try
        {
            var context = ModuleState.Sessions.DescribeCurrent(Environment.GetEnvironmentVariable);
            if (context.KeySource == "(none)")
            {
                WriteVerbose("No key yet: run Connect-Lensmor, or set $env:LENSMOR_API_KEY.");
            }

            WriteObject(context);
        }
        catch (LensmorException e)
        {
            WriteError(ErrorRecords.From(e));
        }
    }
}
