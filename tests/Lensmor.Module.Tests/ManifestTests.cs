using System.Xml.Linq;

namespace Lensmor.Module.Tests;

/// <summary>out/Lensmor/Lensmor.psd1, as the build stamped it.</summary>
public class ManifestTests
{
    private static Dictionary<string, object?> Manifest => Psd1Parser.ParseFile(ModuleLayout.ModuleFile("Lensmor.psd1"));

    public static string PropsVersion()
    {
        var props = XDocument.Load(ModuleLayout.RepoFile("Directory.Build.props"));
        var version = props.Descendants("Version").Select(v => v.Value.Trim()).FirstOrDefault();
        Assert.False(string.IsNullOrEmpty(version), "Directory.Build.props has no <Version>.");
        return version!;
    }

    [Fact]
    public void CmdletsToExport_is_exactly_the_cmdlets_in_the_dll()
    {
        var exported = Psd1Parser.Strings(Manifest, "CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal).ToList();
        var inDll = ModuleMetadata.Instance.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(inDll, exported);
        Assert.Equal(exported.Count, exported.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Nothing_is_exported_by_wildcard()
    {
        var manifest = Manifest;
        var failures = new Failures();
        foreach (var key in new[] { "CmdletsToExport", "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
        {
            failures.Check(manifest.ContainsKey(key), $"{key} is missing; a missing export list means '*'.");
            failures.Check(!Psd1Parser.Strings(manifest, key).Any(n => n.Contains('*')), $"{key} uses a wildcard.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Runs_on_both_editions_from_Windows_PowerShell_5_1()
    {
        var manifest = Manifest;
        Assert.Equal(new[] { "Core", "Desktop" }, Psd1Parser.Strings(manifest, "CompatiblePSEditions").OrderBy(e => e, StringComparer.Ordinal));
        Assert.Equal("5.1", Assert.IsType<string>(manifest["PowerShellVersion"]));
    }

    [Fact]
    public void ModuleVersion_is_the_version_in_Directory_Build_props()
    {
        Assert.Equal(PropsVersion(), Assert.IsType<string>(Manifest["ModuleVersion"]));
    }

    [Fact]
    public void Files_the_manifest_names_are_in_the_module_folder()
    {
        var manifest = Manifest;
        Assert.Equal("Lensmor.dll", Assert.IsType<string>(manifest["RootModule"]));
        var formats = Psd1Parser.Strings(manifest, "FormatsToProcess");
        Assert.Contains("Lensmor.Format.ps1xml", formats);
        var failures = new Failures();
        foreach (var file in new[] { "Lensmor.dll" }.Concat(formats).Concat(Psd1Parser.Strings(manifest, "RequiredAssemblies")).Concat(Psd1Parser.Strings(manifest, "TypesToProcess")))
        {
            failures.Check(File.Exists(ModuleLayout.ModuleFile(file)), $"The manifest names {file}, which is not in out/Lensmor.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void The_gallery_metadata_is_present()
    {
        var manifest = Manifest;
        Assert.True(Guid.TryParse(manifest["GUID"] as string, out _), "GUID is not a GUID.");
        Assert.False(string.IsNullOrWhiteSpace(manifest["Description"] as string));
        var psData = Assert.IsType<Dictionary<string, object?>>(Assert.IsType<Dictionary<string, object?>>(manifest["PrivateData"])["PSData"]);
        var tags = Psd1Parser.Strings(psData, "Tags");
        Assert.Contains("PSEdition_Core", tags);
        Assert.Contains("PSEdition_Desktop", tags);
        Assert.All(tags, t => Assert.DoesNotContain(" ", t));
    }

    [Fact]
    public void The_parser_reads_what_PowerShell_reads()
    {
        var data = Psd1Parser.Parse("@{ A = 'x''y' # c\n B = @(\n 'one'\n \"two\", 'three' ) <# block #> C = @{ D = $true }; E = @() }");
        Assert.Equal("x'y", data["a"]);
        Assert.Equal(new[] { "one", "two", "three" }, Psd1Parser.Strings(data, "B"));
        Assert.Equal(true, ((Dictionary<string, object?>)data["C"]!)["D"]);
        Assert.Empty(Psd1Parser.Strings(data, "E"));
        Assert.Throws<InvalidDataException>(() => Psd1Parser.Parse("@{ A = $env:X }"));
    }
}
