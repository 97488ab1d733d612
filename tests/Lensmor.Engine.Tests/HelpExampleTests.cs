using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Every example in the built module's MAML help (out/Lensmor/en-US/Lensmor.dll-Help.xml), run as written against
/// a sandbox of its own (issue 16.7). Data-driven: an example added to the help is run without a change here.
/// </summary>
/// <remarks>
/// How an example runs, so that it can run as a user would type it:
/// <list type="bullet">
/// <item>in a fresh engine connected to a fresh sandbox (balance 30,050, as the help says), in an empty folder that
/// holds events.csv (an EventId column: six sandbox events) and companies.csv (a CompanyName column), and that is
/// also drive D:, for the Windows paths the help shows;</item>
/// <item>the sandbox address the help shows (http://127.0.0.1:5080) is the test sandbox's, and so is
/// $env:LENSMOR_BASE_URL, so an example that connects without -BaseUri reaches the sandbox and never the API;</item>
/// <item>Read-Host -AsSecureString, Get-Secret and Get-Credential give the sandbox key, as a user would type it;</item>
/// <item>a paid cmdlet without -WhatIf or -Force asks, and the test answers Yes to All: what a user at a console
/// does, charged in the sandbox. -WhatIf and -Force run as written.</item>
/// </list>
/// What is checked: the example runs without an error (unless its text names the error it stops with), and what
/// its text states in these words is so:
/// <list type="bullet">
/// <item>"Prints: What if: Performing the operation "…" on target "…"": that line is printed;</item>
/// <item>"In the sandbox it writes N Lensmor.Type objects" (N a number or no): the output holds N of that type;</item>
/// <item>"writes N rows to file.csv": Import-Csv file.csv gives N rows;</item>
/// <item>"stops with LensmorXxx" or "fails with LensmorXxx": that error, and no other;</item>
/// <item>"Nothing is charged", "charges N credits": the sandbox ledger; "Nothing is sent" / "sends nothing": no paid request;</item>
/// <item>"after one confirmation": one prompt.</item>
/// </list>
/// Other prose is not parsed; state a count or an outcome in these words to have it checked.
/// </remarks>
public sealed class HelpExampleTests
{
    private const string SandboxAddressInHelp = "http://127.0.0.1:5080";

    public static string HelpFile => Path.Combine(RepoPaths.Root, "out", "Lensmor", "en-US", "Lensmor.dll-Help.xml");

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var (cmdlet, number, _, _) in Load())
            data.Add(cmdlet, number);
        return data;
    }

    private static IEnumerable<(string Cmdlet, int Number, string Code, string Remarks)> Load()
    {
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        XNamespace dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        foreach (var help in XDocument.Load(HelpFile).Root!.Elements(command + "command"))
        {
            var name = help.Element(command + "details")!.Element(command + "name")!.Value.Trim();
            var number = 0;
            foreach (var example in help.Element(command + "examples")?.Elements(command + "example") ?? Enumerable.Empty<XElement>())
            {
                var remarks = string.Join(" ", example.Element(dev + "remarks")?.Elements(maml + "para").Select(p => p.Value.Trim()) ?? Enumerable.Empty<string>());
                yield return (name, ++number, example.Element(dev + "code")?.Value ?? string.Empty, remarks);
            }
        }
    }

    [Fact]
    public void The_help_has_examples_to_run()
    {
        var examples = Load().ToList();
        Assert.True(examples.Count >= 56, $"{examples.Count} examples: the help of 28 cmdlets has two or more each.");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_runs_against_the_sandbox_and_does_what_its_text_says(string cmdlet, int number)
    {
        var (_, _, code, remarks) = Load().Single(e => e.Cmdlet == cmdlet && e.Number == number);
        var script = Regex.Replace(code, @"^\s*PS>\s*", string.Empty, RegexOptions.Multiline);
        var folder = Directory.CreateTempSubdirectory("lensmor-example-").FullName;
        var savedBaseUrl = Environment.GetEnvironmentVariable("LENSMOR_BASE_URL");
        await using var engine = await EngineSession.StartAsync();
        try
        {
            var sandboxUrl = engine.Sandbox!.BaseUri.ToString().TrimEnd('/');
            script = script.Replace(SandboxAddressInHelp, sandboxUrl, StringComparison.Ordinal);
            Assert.False(Regex.IsMatch(script, @"-BaseUri\s+https?://(?!127\.0\.0\.1)"), $"{cmdlet} example {number} names an endpoint other than the sandbox; the test runs examples only there.");
            Environment.SetEnvironmentVariable("LENSMOR_BASE_URL", sandboxUrl);
            engine.Run(Prelude, folder, engine.Sandbox.ApiKey).ThrowOnError();
            if (ReadsPlanItDoesNotWrite(script))
            {
                engine.Run(PlanPrelude).ThrowOnError();
            }

            engine.Ui.Answer(Enumerable.Repeat("Yes to All", 20).ToArray());
            var chargesBefore = engine.Sandbox.Ledger.Charges.Count;
            var creditsBefore = engine.Sandbox.Ledger.TotalBalance;
            var paidBefore = engine.Sandbox.Requests.All.Count(r => r.IsPaidRoute);

            var run = engine.Run(script);

            var claims = new Claims(cmdlet, number, script, remarks, run);
            claims.Errors();
            claims.WhatIfLines();
            claims.ObjectCounts();
            claims.CsvRows(folder);
            claims.Spending(engine.Sandbox.Ledger.TotalBalance - creditsBefore, engine.Sandbox.Ledger.Charges.Count - chargesBefore,
                engine.Sandbox.Requests.All.Count(r => r.IsPaidRoute) - paidBefore);
            claims.Prompts(engine.Ui.Prompts.Count);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LENSMOR_BASE_URL", savedBaseUrl);
            engine.Run("Set-Location $args[0]", Path.GetTempPath());
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The folder, its input files, and the commands that would wait for a person at the keyboard.</summary>
    private const string Prelude = """
        param($folder, $key)
        Set-Location $folder
        $null = New-PSDrive -Name D -PSProvider FileSystem -Root $folder -Scope Global   # the Windows paths some examples use
        139001..139006 | ForEach-Object { [pscustomobject]@{ EventId = "$_"; Note = 'to unlock' } } | Export-Csv events.csv
        'Acme', 'Globex' | ForEach-Object { [pscustomobject]@{ CompanyName = $_ } } | Export-Csv companies.csv
        $global:LensmorExampleKey = [System.Security.SecureString]::new()
        foreach ($c in $key.ToCharArray()) { $global:LensmorExampleKey.AppendChar($c) }
        function global:Read-Host { param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString) $global:LensmorExampleKey.Copy() }
        function global:Get-Secret { param([Parameter(Position = 0)] $Name) $global:LensmorExampleKey.Copy() }
        function global:Get-Credential { param($UserName = 'lensmor', $Message) [pscredential]::new($UserName, $global:LensmorExampleKey.Copy()) }
        """;

    /// <summary>
    /// Get-LensmorPlan's and Invoke-LensmorPlan's examples review and apply the plan that Get-LensmorPlan's first
    /// example writes (./unlock.json, two event unlocks): as a reviewer's folder would, the example's holds it.
    /// </summary>
    private const string PlanPrelude = "$null = Unlock-LensmorEvent -Id 139001, 139002 -PlanPath ./unlock.json";

    private static bool ReadsPlanItDoesNotWrite(string script) =>
        Regex.IsMatch(script, @"LensmorPlan\b|\./\*\.json") && !script.Contains("-PlanPath", StringComparison.Ordinal);

    private sealed class Claims(string cmdlet, int number, string script, string remarks, EngineResult run)
    {
        private string Where => $"{cmdlet} example {number}:\n{script}\n-- {remarks}\n";

        public void Errors()
        {
            var expected = Regex.Matches(remarks, @"\b(?:stops|fails) with (Lensmor\w+)").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var errors = run.ErrorIds.ToList();
            var messages = string.Join("\n", run.Errors.Select(e => e.ToString()).Append(run.Terminating?.Message ?? string.Empty));
            if (expected.Count == 0)
            {
                Assert.True(errors.Count == 0 && run.Terminating is null, $"{Where}It failed:\n{messages}");
                return;
            }

            Assert.True(errors.Count > 0, $"{Where}It says it stops with {string.Join(", ", expected)}, and it did not.");
            Assert.True(errors.All(expected.Contains), $"{Where}It says it stops with {string.Join(", ", expected)}; it gave {string.Join(", ", errors)}:\n{messages}");
        }

        public void WhatIfLines()
        {
            foreach (Match m in Regex.Matches(remarks, "Prints: (What if: Performing the operation \"[^\"]*\" on target \"[^\"]*\")"))
                Assert.True(run.HostLines.Contains(m.Groups[1].Value) || run.HostLines.Contains(m.Groups[1].Value + "."), $"{Where}It does not print\n  {m.Groups[1].Value}\nIt printed:\n  {string.Join("\n  ", run.WhatIfLines)}");
        }

        public void ObjectCounts()
        {
            foreach (Match m in Regex.Matches(remarks, @"In the sandbox it writes (\d+|no) ([\w.]+) objects?"))
            {
                var expected = m.Groups[1].Value == "no" ? 0 : int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var actual = run.Output.Count(o => o is not null && o.TypeNames.Count > 0 && o.TypeNames[0] == m.Groups[2].Value);
                Assert.True(expected == actual, $"{Where}It says it writes {expected} {m.Groups[2].Value}; it wrote {actual} (of {run.Output.Count} objects).");
            }
        }

        public void CsvRows(string folder)
        {
            foreach (Match m in Regex.Matches(remarks, @"writes (\d+) rows? to ([\w.-]+\.csv)"))
            {
                var file = Path.Combine(folder, m.Groups[2].Value);
                Assert.True(File.Exists(file), $"{Where}It says it writes {m.Groups[2].Value}; there is no such file.");
                var rows = File.ReadAllLines(file).Count(l => l.Length > 0) - 1;
                Assert.True(rows == int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), $"{Where}It says {m.Groups[1].Value} rows; {m.Groups[2].Value} has {rows}.");
            }
        }

        public void Spending(decimal balanceMoved, int charges, int paidRequests)
        {
            if (Regex.IsMatch(remarks, @"\bnothing is charged\b", RegexOptions.IgnoreCase))
                Assert.True(charges == 0 && balanceMoved == 0, $"{Where}It says nothing is charged; the sandbox charged {charges} time(s), {-balanceMoved} credits.");
            if (Regex.IsMatch(remarks, @"\b(?:nothing is sent|sends nothing|without sending anything)\b", RegexOptions.IgnoreCase))
                Assert.True(paidRequests == 0, $"{Where}It says nothing is sent; {paidRequests} paid request(s) reached the sandbox.");
            foreach (Match m in Regex.Matches(remarks, @"\bcharges ([\d,]+) credits"))
            {
                var expected = decimal.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                Assert.True(-balanceMoved == expected, $"{Where}It says it charges {expected} credits; the balance moved by {-balanceMoved}.");
            }
        }

        public void Prompts(int prompts)
        {
            if (Regex.IsMatch(remarks, @"\bafter one confirmation\b"))
                Assert.True(prompts == 1, $"{Where}It says one confirmation; the user was asked {prompts} time(s).");
        }
    }
}
