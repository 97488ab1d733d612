namespace Lensmor.Module.Tests;

/// <summary>Parameters that take a secret never make PowerShell echo it in a conversion error.</summary>
public class SecretParameterTests
{
    [Fact]
    public void Every_SecureString_parameter_converts_plain_strings_itself()
    {
        var secureParameters = ModuleMetadata.Instance.Cmdlets
            .SelectMany(c => c.Type.GetProperties().Where(p => p.PropertyType.FullName == "System.Security.SecureString").Select(p => (Cmdlet: c.Name, Property: p)))
            .ToList();

        Assert.Contains(secureParameters, p => p.Cmdlet == "Connect-Lensmor" && p.Property.Name == "ApiKey");
        Assert.All(secureParameters, p => Assert.Contains(p.Property.GetCustomAttributesData(), a => a.AttributeType.Name == "SecureStringTransformationAttribute"));
    }
}
