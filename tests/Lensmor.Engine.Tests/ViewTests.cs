using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;
using Xunit.Abstractions;

namespace Lensmor.Engine.Tests;

/// <summary>
/// The default views as a user sees them: rendered by the engine with Out-String at 80 and 120 columns, from
/// objects filled with wide but realistic values and from the sandbox's own answers.
/// </summary>
public sealed class ViewTests(ITestOutputHelper output)
{
    /// <summary>
    /// Fills every property of a module type with a wide, realistic value: balances in the millions, a run's credits
    /// in the hundreds of thousands, counts in the millions, ids as long as the API's, names of 22 characters.
    /// </summary>
    internal const string NewSample = """
        function New-Sample([string] $TypeName) {
            $type = [type]$TypeName
            $o = [Activator]::CreateInstance($type)
            foreach ($p in $type.GetProperties()) {
                if (-not $p.CanWrite) { continue }
                $t = [Nullable]::GetUnderlyingType($p.PropertyType)
                if ($null -eq $t) { $t = $p.PropertyType }
                $n = $p.Name
                $v = switch ($t) {
                    ([string])         { if ($n -match 'Id$') { '7000001' } elseif ($n -match 'Status|Outcome|Channel|Scope') { 'Charged' } else { 'Prism Networks Limited' } }
                    ([decimal])        { if ($n -match 'Balance') { [decimal]1234567 } elseif ($n -match 'Score|Match|Density|Scale') { [decimal]8.75 } else { [decimal]150000 } }
                    ([long])           { [long]1234567 }
                    ([int])            { if ($n -match 'Rank') { 12 } else { 1000 } }
                    ([bool])           { $true }
                    ([Lensmor.UtcTime]) { if ($n -match '^Date') { [Lensmor.UtcTime]::Day(2026, 11, 30) } else { [Lensmor.UtcTime]::At([DateTimeOffset]::new(2026, 11, 30, 10, 5, 0, [TimeSpan]::Zero)) } }
                    default            { $null }
                }
                if ($null -ne $v) { $p.SetValue($o, $v) }
            }
            $o
        }

        # The numbers a table column shows, formatted as the view formats them, so a test can find them whole.
        function Get-NumberCells($Object) {
            $view = Get-FormatData -TypeName $Object.GetType().FullName | ForEach-Object FormatViewDefinition |
                Where-Object { $_.Control -is [System.Management.Automation.TableControl] } | Select-Object -First 1
            foreach ($column in $view.Control.Rows[0].Columns) {
                if ($column.DisplayEntry.ValueType -ne 'Property') { continue }
                $value = $Object.($column.DisplayEntry.Value)
                if ($value -is [decimal] -or $value -is [long] -or $value -is [int]) {
                    if ($column.FormatString) { $column.FormatString -f $value } else { "$value" }
                }
            }
        }
        """;

    private static async Task<EngineSession> StartAsync(int width)
    {
        var engine = await EngineSession.StartAsync(width: width);
        engine.Run(NewSample).ThrowOnError();
        return engine;
    }

    /// <summary>Every type a Lensmor cmdlet declares as output (SpendReceipt travels on the information stream).</summary>
    internal static List<string> OutputTypes(EngineSession engine) => engine.Run("""
        @(Get-Command -Module Lensmor | ForEach-Object OutputType | ForEach-Object Name) + 'Lensmor.SpendReceipt' |
            Where-Object { $_ -like 'Lensmor.*' } | Sort-Object -Unique
        """).ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();

    [Fact]
    public async Task Every_output_type_has_a_default_view_selected_by_the_engine()
    {
        await using var engine = await StartAsync(80);
        var types = OutputTypes(engine);
        Assert.True(types.Count >= 15, "Expected the module's output types, got: " + string.Join(", ", types));
        foreach (var type in types)
        {
            var view = engine.Run("Get-FormatData -TypeName $args[0] | ForEach-Object FormatViewDefinition | ForEach-Object { $_.Control.GetType().Name }", type).ThrowOnError();
            var expected = type == "Lensmor.ContextInfo" ? "ListControl" : "TableControl";
            Assert.True(view.Output.Any(o => (string)o.BaseObject == expected), $"{type} has no default {expected}.");
        }
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public async Task Every_table_fits_the_console_with_a_one_line_header_and_whole_numbers(int width)
    {
        await using var engine = await StartAsync(width);
        var report = new List<string>();
        foreach (var type in OutputTypes(engine).Where(t => t != "Lensmor.ContextInfo"))
        {
            var rendered = engine.Run($"New-Sample $args[0] | Out-String -Width {width}", type).ThrowOnError();
            var lines = Lines(rendered);
            var numbers = engine.Run("Get-NumberCells (New-Sample $args[0])", type).ThrowOnError().Output.Select(o => o.ToString()).ToList();

            Assert.True(lines.Count == 3, $"{type} at {width}: expected a header, a rule and one row:\n{string.Join("\n", lines)}");
            Assert.Matches("^[- ]+$", lines[1]);
            var widest = lines.Max(l => l.Length);
            Assert.True(widest <= width, $"{type} at {width}: a line of {widest} characters:\n{string.Join("\n", lines)}");
            Assert.DoesNotContain("…", lines[0]);
            foreach (var number in numbers)
                Assert.True(lines[2].Contains(number, StringComparison.Ordinal), $"{type} at {width}: the number {number} is cut or missing:\n{string.Join("\n", lines)}");
            report.Add($"{type,-40} widest {widest}");
        }

        output.WriteLine(string.Join("\n", report));
    }

    [Fact]
    public async Task The_headline_cmdlets_fit_80_columns_with_the_sandboxs_own_answers()
    {
        await using var engine = await StartAsync(80);
        var scripts = new Dictionary<string, string>
        {
            ["Get-LensmorBalance"] = "Get-LensmorBalance",
            ["Get-LensmorEvent"] = "Get-LensmorEvent -First 10",
            ["Get-LensmorPersonnel"] = "Get-LensmorPersonnel -EventId 139185 -First 10",
            ["Get-LensmorExhibitor"] = "Get-LensmorExhibitor -EventId 139185 -First 10",
            ["Unlock-LensmorEvent"] = "Unlock-LensmorEvent -Id 139185 -Force",
            ["Search-LensmorExhibitorEvents"] = "Search-LensmorExhibitorEvents -CompanyName Acme -Force",
            ["Get-LensmorSpendLog"] = "Get-LensmorSpendLog",
        };
        foreach (var (cmdlet, script) in scripts)
        {
            var lines = Lines(engine.Run(script + " | Out-String -Width 80").ThrowOnError());
            output.WriteLine($"{cmdlet}: widest {lines.Max(l => l.Length)}\n{string.Join("\n", lines.Take(6))}\n");
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"{cmdlet}: {l.Length} characters: {l}"));
            Assert.Matches("^[- ]+$", lines[1]);
        }

        var spend = Lines(engine.Run("Get-LensmorSpendLog | Out-String -Width 80").ThrowOnError());
        // The charge and its target read whole: the credits, then the event id (Expected is in Format-List *).
        Assert.Contains(spend, l => l.Contains("Unlock-LensmorEvent") && l.Contains("Charged") && System.Text.RegularExpressions.Regex.IsMatch(l, @"\b2,000\s+139185\s*$"));
    }

    [Fact]
    public async Task Format_List_and_Select_Object_star_still_show_every_property()
    {
        await using var engine = await StartAsync(80);
        foreach (var type in OutputTypes(engine))
        {
            var properties = engine.Run("([type]$args[0]).GetProperties().Name", type).ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
            var list = engine.Run("New-Sample $args[0] | Format-List * | Out-String -Width 80", type).ThrowOnError().Text;
            var selected = engine.Run("(New-Sample $args[0] | Select-Object *).PSObject.Properties.Name", type).ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
            foreach (var property in properties)
            {
                Assert.Matches($"(?m)^{property}\\s+:", list);
                Assert.Contains(property, selected);
            }
        }
    }

    private static List<string> Lines(EngineResult result) =>
        result.Text.Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();
}
