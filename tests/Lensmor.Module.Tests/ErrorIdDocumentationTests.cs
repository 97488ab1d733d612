using System.Reflection;

namespace Lensmor.Module.Tests;

/// <summary>
/// Scripts match on ErrorIds, so each one the module can raise is a promise: it must be in the README's error
/// table and in about_Lensmor's (Get-Help about_Lensmor), the two places a user looks them up.
/// </summary>
public class ErrorIdDocumentationTests
{
    public static IEnumerable<object[]> ErrorIds() =>
        ModuleMetadata.Instance.Core.GetType("Lensmor.Core.Errors.ErrorIds", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType.FullName == "System.String")
            .Select(f => new object[] { (string)f.GetRawConstantValue()! });

    [Fact]
    public void The_error_ids_are_found()
    {
        Assert.Contains(ErrorIds(), id => (string)id[0] == "LensmorPaymentRequired");
    }

    [Theory]
    [MemberData(nameof(ErrorIds))]
    public void Each_error_id_is_in_the_README_and_in_about_Lensmor(string errorId)
    {
        Assert.Contains("| " + errorId, File.ReadAllText(ModuleLayout.RepoFile("README.md")).Replace("/ ", "| ").Replace(", ", "| "));
        Assert.Contains("    " + errorId + " ", File.ReadAllText(ModuleLayout.ModuleFile("en-US", "about_Lensmor.help.txt")).Replace("\n", " \n"));
    }
}
