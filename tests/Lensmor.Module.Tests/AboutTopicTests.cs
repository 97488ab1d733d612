using System.Text.RegularExpressions;

namespace Lensmor.Module.Tests;

/// <summary>
/// The about topics as shipped in out/Lensmor/en-US (issue 16.7): about_Lensmor lists exactly the cmdlets the
/// manifest exports, so a cmdlet added on another branch fails here until it is listed, and every line of every
/// about topic fits an 80-column console. How Get-Help renders them is held by tests/Lensmor.Engine.Tests/HelpTests.cs.
/// </summary>
public class AboutTopicTests
{
    public const int ConsoleWidth = 80;

    public static IEnumerable<object[]> Topics() =>
        Directory.GetFiles(ModuleLayout.ModuleFile("en-US"), "about_*.help.txt").Select(f => new object[] { Path.GetFileName(f) });

    [Fact]
    public void About_Lensmor_lists_exactly_the_cmdlets_the_module_exports()
    {
        var exported = Psd1Parser.Strings(Psd1Parser.ParseFile(ModuleLayout.ModuleFile("Lensmor.psd1")), "CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal).ToList();
        var listed = ListedCmdlets(File.ReadAllLines(ModuleLayout.ModuleFile("en-US", "about_Lensmor.help.txt"))).OrderBy(n => n, StringComparer.Ordinal).ToList();

        Assert.True(exported.Count >= 28, $"The manifest exports {exported.Count} cmdlets.");
        Assert.True(exported.Except(listed).ToList() is { Count: 0 } missing, "about_Lensmor's THE CMDLETS does not list: " + string.Join(", ", exported.Except(listed)));
        Assert.True(listed.Except(exported).ToList() is { Count: 0 }, "about_Lensmor lists cmdlets the module does not export: " + string.Join(", ", listed.Except(exported)));
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Topics))]
    public void Every_line_fits_80_columns(string topic)
    {
        var lines = File.ReadAllLines(ModuleLayout.ModuleFile("en-US", topic));
        var wide = lines.Select((line, i) => (Number: i + 1, Line: line)).Where(l => l.Line.Replace("\t", "        ").Length > ConsoleWidth).ToList();
        Assert.True(wide.Count == 0, $"{topic}: {wide.Count} line(s) wider than {ConsoleWidth} columns:\n" + string.Join("\n", wide.Select(w => $"{w.Number}: {w.Line}")));
    }

    /// <summary>The cmdlet names at the start of the lines of the THE CMDLETS section (up to the next heading).</summary>
    internal static IEnumerable<string> ListedCmdlets(IEnumerable<string> lines) =>
        lines.SkipWhile(l => l != "THE CMDLETS").Skip(1).TakeWhile(l => l.Length == 0 || char.IsWhiteSpace(l[0]))
            .Select(l => Regex.Match(l, @"^\s+([A-Z][a-z]+-Lensmor\w*)\s")).Where(m => m.Success).Select(m => m.Groups[1].Value);

    [Fact]
    public void The_section_reader_finds_the_list()
    {
        var names = ListedCmdlets(new[] { "THE CMDLETS", "    Session:", "        Connect-Lensmor   remember", "", "NEXT", "    Get-LensmorEvent  x" }).ToList();
        Assert.Equal(new[] { "Connect-Lensmor" }, names);
    }
}
