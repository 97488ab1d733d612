using System.Management.Automation;
using System.Security;

namespace Lensmor.PowerShell;

/// <summary>
/// Lets -ApiKey take a plain string as well as a SecureString. Without it, PowerShell's own conversion error
/// would repeat the key verbatim in $Error and in transcripts.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not string text)
        {
            return inputData;
        }

        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
