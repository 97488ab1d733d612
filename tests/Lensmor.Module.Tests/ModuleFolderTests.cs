namespace Lensmor.Module.Tests;

/// <summary>out/Lensmor holds what a user installs, and the module depends on nothing it does not ship.</summary>
public class ModuleFolderTests
{
    public static readonly string[] ExpectedFiles =
    {
        "LICENSE",
        "Lensmor.Core.dll",
        "Lensmor.dll",
        "Lensmor.Format.ps1xml",
        "Lensmor.psd1",
        "Newtonsoft.Json.dll",
        "en-US/Lensmor.dll-Help.xml",
        "en-US/about_Lensmor.help.txt",
        "en-US/about_Lensmor_Credits.help.txt",
    };

    [Fact]
    public void The_module_folder_holds_exactly_the_expected_files()
    {
        var actual = Directory.GetFiles(ModuleLayout.ModuleDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ModuleLayout.ModuleDir, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(ExpectedFiles.OrderBy(f => f, StringComparer.Ordinal), actual);
    }

    [Theory]
    [InlineData("Lensmor.dll")]
    [InlineData("Lensmor.Core.dll")]
    public void Module_assemblies_reference_only_what_ships_or_the_engine_provides(string file)
    {
        var assembly = ModuleMetadata.Instance.Context.LoadFromAssemblyPath(ModuleLayout.ModuleFile(file));
        var allowed = new[] { "netstandard", "Lensmor.Core", "Newtonsoft.Json", "System.Management.Automation" };
        var failures = new Failures();
        foreach (var reference in assembly.GetReferencedAssemblies().Select(r => r.Name!))
        {
            var ok = allowed.Contains(reference, StringComparer.Ordinal) || (reference.StartsWith("System.", StringComparison.Ordinal) && IsFramework(reference));
            failures.Check(ok, $"{file} references {reference}, which the module folder does not ship.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Core_has_no_PowerShell_reference()
    {
        var core = ModuleMetadata.Instance.Core;
        Assert.DoesNotContain(core.GetReferencedAssemblies(), r => r.Name == "System.Management.Automation");
    }

    [Fact]
    public void The_module_assemblies_target_netstandard_2_0()
    {
        foreach (var file in new[] { "Lensmor.dll", "Lensmor.Core.dll" })
        {
            var assembly = ModuleMetadata.Instance.Context.LoadFromAssemblyPath(ModuleLayout.ModuleFile(file));
            var framework = assembly.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute");
            Assert.Equal(".NETStandard,Version=v2.0", framework?.ConstructorArguments[0].Value as string);
        }
    }

    [Fact]
    public void The_shipped_Newtonsoft_Json_is_version_13()
    {
        var json = ModuleMetadata.Instance.Context.LoadFromAssemblyPath(ModuleLayout.ModuleFile("Newtonsoft.Json.dll"));
        Assert.Equal(new Version(13, 0, 0, 0), json.GetName().Version);
        var core = ModuleMetadata.Instance.Core.GetReferencedAssemblies().Single(r => r.Name == "Newtonsoft.Json");
        Assert.Equal(13, core.Version!.Major);
    }

    /// <summary>System.* assemblies that netstandard2.0 provides on both .NET Framework 4.7.2 and .NET; not NuGet add-ons.</summary>
    private static bool IsFramework(string name)
    {
        var addOns = new[] { "System.Text.Json", "System.Memory", "System.Buffers", "System.Threading.Tasks.Extensions", "System.Runtime.CompilerServices.Unsafe", "System.Collections.Immutable", "System.Net.Http.Json", "System.Text.Encodings.Web", "System.Numerics.Vectors", "System.ValueTuple" };
        return !addOns.Contains(name, StringComparer.Ordinal);
    }
}
