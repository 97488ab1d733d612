using System.Text.RegularExpressions;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>Output objects in strings and in CSV: "$event" names the event, and finance rows export the same text in every culture.</summary>
public sealed class OutputObjectTests
{
    [Fact]
    public async Task Every_output_type_reads_as_what_it_is_in_a_string_not_as_its_type_name()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run(ViewTests.NewSample).ThrowOnError();
        foreach (var type in ViewTests.OutputTypes(engine))
        {
            var text = (string)engine.Run("\"$(New-Sample $args[0])\"", type).ThrowOnError().Output[0].BaseObject;
            Assert.False(text == type || text.StartsWith("Lensmor.", StringComparison.Ordinal), $"{type} reads as '{text}'.");
            Assert.False(string.IsNullOrWhiteSpace(text), $"{type} reads as nothing.");
        }
    }

    [Fact]
    public async Task Events_people_exhibitors_and_receipts_name_themselves_in_a_string()
    {
        await using var engine = await EngineSession.StartAsync();
        Assert.Equal("Energy World 2027 (139185)", engine.Run("\"$(Get-LensmorEvent -Id 139185)\"").ThrowOnError().Output[0].BaseObject);
        var person = (string)engine.Run("\"$(Get-LensmorPersonnel -EventId 139185 -First 1)\"").ThrowOnError().Output[0].BaseObject;
        Assert.Matches(@"^\S.*, .+ \(\d+\)$", person);
        var exhibitor = (string)engine.Run("\"$(Get-LensmorExhibitor -EventId 139185 -First 1)\"").ThrowOnError().Output[0].BaseObject;
        Assert.Matches(@"^\S.* \(\d+\)$", exhibitor);
        Assert.Equal("30,050 credits", engine.Run("\"$(Get-LensmorBalance)\"").ThrowOnError().Output[0].BaseObject);
        var receipt = (string)engine.Run("\"$(Unlock-LensmorEvent -Id 139185 -Force)\"").ThrowOnError().Output[0].BaseObject;
        Assert.Contains("139185", receipt);
        Assert.Contains("2,000 credits", receipt);
    }

    [Fact]
    public async Task Receipts_and_spend_log_rows_export_invariant_numbers_and_ISO_UTC_times_under_de_DE()
    {
        await using var engine = await EngineSession.StartAsync();
        var csv = engine.Run("""
            [System.Globalization.CultureInfo]::CurrentCulture = 'de-DE'
            try {
                # The culture really is German here: a decimal with a fraction prints with a comma.
                '{0}' -f [decimal]1.5
                Unlock-LensmorEvent -Id 139185 -Force | ConvertTo-Csv -NoTypeInformation
                Search-LensmorExhibitorEvents -CompanyName Acme -Force -InformationVariable receipt | Out-Null
                $receipt.MessageData | ConvertTo-Csv -NoTypeInformation
                Get-LensmorSpendLog | ConvertTo-Csv -NoTypeInformation
            } finally { [System.Globalization.CultureInfo]::CurrentCulture = [System.Globalization.CultureInfo]::InvariantCulture }
            """).ThrowOnError().Output.Select(o => o.ToString()!).ToList();

        Assert.Equal("1,5", csv[0]);
        var unlock = Rows(csv, "\"EventId\"").Single();
        Assert.Equal("2000", unlock["ChargedCredits"]);
        Assert.Equal("30050", unlock["BalanceBefore"]);
        Assert.Equal("28050", unlock["BalanceAfter"]);
        Assert.Matches(Iso, unlock["CompletedAt"]);

        var search = Rows(csv, "\"Action\"").Single();
        Assert.Equal("50", search["ChargedCredits"]);
        Assert.Matches(Iso, search["CompletedAt"]);

        var log = Rows(csv, "\"Time\"");
        Assert.Equal(2, log.Count);
        Assert.All(log, row => Assert.Matches(Iso, row["Time"]));
        Assert.Contains(log, row => row["ExpectedCredits"] == "2000" && row["ChargedCredits"] == "2000" && row["BalanceAfter"] == "28050");
        Assert.DoesNotContain(csv.Skip(1), line => Regex.IsMatch(line, @"\d,\d|\d\.\d{3}\b|\d\d\.\d\d\.\d{4}"));
    }

    private const string Iso = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$";

    /// <summary>The rows of the CSV block whose header starts with <paramref name="header"/>.</summary>
    private static List<Dictionary<string, string>> Rows(List<string> lines, string header)
    {
        var start = lines.FindIndex(l => l.StartsWith(header, StringComparison.Ordinal));
        Assert.True(start >= 0, "No CSV header " + header + " in:\n" + string.Join("\n", lines));
        var names = Split(lines[start]);
        return lines.Skip(start + 1).TakeWhile(l => Split(l).Count == names.Count && !l.StartsWith("\"Action\"", StringComparison.Ordinal) && !l.StartsWith("\"Time\"", StringComparison.Ordinal))
            .Select(l => names.Zip(Split(l)).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    /// <summary>One CSV line: quoted fields with doubled quotes, or empty unquoted fields (ConvertTo-Csv writes null so).</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var i = 0;
        while (i <= line.Length)
        {
            var field = new System.Text.StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                for (i++; i < line.Length; i++)
                {
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else if (line[i] == '"') { i++; break; }
                    else field.Append(line[i]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',') field.Append(line[i++]);
            }

            fields.Add(field.ToString());
            i++; // the comma
        }

        return fields;
    }
}
