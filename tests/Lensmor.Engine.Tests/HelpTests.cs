using System.Text.RegularExpressions;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>Help as Get-Help renders it from the built module, not as the XML says it.</summary>
public sealed class HelpTests
{
    private static List<string> Cmdlets(EngineSession engine) =>
        engine.Run("Get-Command -Module Lensmor -CommandType Cmdlet | ForEach-Object Name").ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();

    [Fact]
    public async Task Syntax_and_parameter_types_read_like_PowerShells_own_help()
    {
        await using var engine = await EngineSession.StartAsync(connect: false);
        var cmdlets = Cmdlets(engine);
        Assert.True(cmdlets.Count >= 28, "Expected every cmdlet, got " + cmdlets.Count);
        foreach (var cmdlet in cmdlets)
        {
            var full = engine.Run("Get-Help $args[0] -Full | Out-String -Width 400", cmdlet).ThrowOnError().Text;
            Assert.Contains("SYNTAX", full);
            foreach (var machineName in new[] { "System.", "Nullable`1", "Lensmor.Core.", "Lensmor.PowerShell." })
            {
                var line = full.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith('-') || l.TrimStart().StartsWith(cmdlet, StringComparison.Ordinal) ? l.Contains(machineName, StringComparison.Ordinal) : false);
                Assert.True(line is null, $"{cmdlet}: Get-Help shows '{machineName}' in: {line?.Trim()}");
            }
        }

        var unlock = engine.Run("Get-Help Unlock-LensmorEvent | Out-String -Width 400").ThrowOnError().Text;
        Assert.Contains("Unlock-LensmorEvent [-Id] <String[]> [-Scope {Contacts | Visitors | Full}] [-MaxCredits <Decimal>]", unlock);
        var scope = engine.Run("Get-Help Unlock-LensmorEvent -Parameter Scope | Out-String -Width 200").ThrowOnError().Text;
        Assert.Contains("-Scope <EventUnlockScope>", scope);
        var since = engine.Run("Get-Help Get-LensmorSpendLog -Parameter Since | Out-String -Width 200").ThrowOnError().Text;
        Assert.Contains("-Since <DateTime>", since);
    }

    [Fact]
    public async Task Online_help_is_absent_rather_than_a_dead_link()
    {
        await using var engine = await EngineSession.StartAsync(connect: false);
        foreach (var cmdlet in Cmdlets(engine))
        {
            var uris = engine.Run("""
                (Get-Command $args[0]).HelpUri
                (Get-Help $args[0] -Full).relatedLinks.navigationLink.uri | Where-Object { $_ }
                """, cmdlet).ThrowOnError().Output.Select(o => o?.ToString()).Where(u => !string.IsNullOrEmpty(u)).ToList();
            Assert.True(uris.Count == 0, $"{cmdlet} links to {string.Join(", ", uris)}; -Online would open it.");
        }

        var online = engine.Run("Get-Help Unlock-LensmorEvent -Online");
        Assert.Contains(online.Errors.Select(e => e.Exception.Message).Concat(new[] { online.Terminating?.Message ?? "" }), m => m.Contains("URI", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("about_Lensmor", "SHORT DESCRIPTION")]
    [InlineData("about_Lensmor_Credits", "-WhatIf")]
    public async Task The_about_topics_render_with_Get_Help(string topic, string expected)
    {
        await using var engine = await EngineSession.StartAsync(connect: false);
        var text = engine.Run("Get-Help $args[0] | Out-String -Width 80", topic).ThrowOnError().Text;
        Assert.Matches(new Regex(@"^\s*TOPIC\s+" + topic + @"\s", RegexOptions.Multiline), text);
        Assert.Contains(expected, text);
        Assert.True(text.Length > 2000, $"{topic} renders only {text.Length} characters.");
    }
}
