using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// The README's invitation, `dotnet run --project samples/Lensmor.Rehearsal -- --interactive`, at a real terminal:
/// the built rehearsal runs in a detached tmux session of 110 x 40 and the test types at it as a person does, then
/// reads the screen. What it checks is what the console host and PSReadLine do with keys, which no redirected
/// stream shows: Tab, the Up arrow, editing a line, a confirm prompt answered with a key, Ctrl+C, and exit.
/// </summary>
public sealed partial class InteractiveTerminalTests
{
    private const string ConfirmPrompt = "[?] Help (default is ";

    [Fact]
    public async Task At_a_terminal_the_rehearsal_completes_recalls_and_asks_and_one_yes_is_one_charge()
    {
        TmuxTerminal.RequireTmux();
        var workingDirectory = Directory.CreateTempSubdirectory("lensmor-tty-");
        var environment = RehearsalTests.LensmorVariables.ToDictionary(name => name, _ => (string?)null);
        try
        {
            using var terminal = TmuxTerminal.Start(workingDirectory.FullName, environment, 110, 40, "dotnet", RehearsalTests.SampleAssembly, "--interactive");
            var shell = new Shell(terminal);

            // The welcome, then a prompt of PSReadLine's.
            var welcome = terminal.WaitFor("the welcome and the first prompt", () => shell.Input() == string.Empty ? terminal.Transcript() : null);
            Assert.Matches(new Regex(@"^Lensmor rehearsal in PowerShell 7\.6\.9 with PSReadLine \d", RegexOptions.Multiline), welcome);
            Assert.Contains("Type exit (or Ctrl+D on an empty line) to leave", welcome);
            using var sandbox = new HttpClient { BaseAddress = new Uri(SandboxUrl().Match(welcome).Groups["url"].Value) };

            // Tab completes a parameter's value; Ctrl+C drops the line.
            terminal.Type("Unlock-LensmorEvent -Scope V");
            terminal.Press("Tab");
            shell.WaitForInput("Unlock-LensmorEvent -Scope Visitors", "Tab to complete -Scope V");
            var prompts = shell.Prompts();
            terminal.Press("C-c");
            terminal.WaitFor("Ctrl+C to drop the line", () => shell.Prompts() > prompts && shell.Input() == string.Empty);

            // Tab completes the id of an event this session listed, from part of its name.
            var listing = shell.Run("Get-LensmorEvent -First 5");
            var events = EventRow().Matches(listing).Select(m => (Id: m.Groups["id"].Value, Name: m.Groups["name"].Value)).ToList();
            Assert.True(events.Count == 5, listing);
            var chosen = events.First(e => !events.Any(other => other != e && other.Name.Contains(FirstWord(e.Name), StringComparison.OrdinalIgnoreCase)));
            var declined = events.First(e => e != chosen);
            terminal.Type("Unlock-LensmorEvent -Id " + FirstWord(chosen.Name));
            terminal.Press("Tab");
            shell.WaitForInput("Unlock-LensmorEvent -Id " + chosen.Id, $"Tab to complete '{FirstWord(chosen.Name)}' to the id of '{chosen.Name}'");

            // A paid command without -Force asks; y unlocks and charges.
            prompts = shell.Prompts();
            shell.EnterAndWaitForConfirm(chosen.Id);
            terminal.Type("y");
            terminal.Press("Enter");
            var receipt = terminal.WaitFor("the receipt and the next prompt", () => shell.Prompts() > prompts && shell.Input() == string.Empty ? terminal.Transcript() : null);
            Assert.Matches(new Regex($@"^{chosen.Id}\s.*\bUnlocked\s+2,000\s+28,050\s*$", RegexOptions.Multiline), receipt);
            Assert.Equal(new[] { chosen.Id }, await ChargedTargetsAsync(sandbox));

            // Up recalls the last line; Backspace and typing edit it; n declines, and nothing is charged.
            terminal.Press("Up");
            shell.WaitForInput("Unlock-LensmorEvent -Id " + chosen.Id, "Up to recall the last line");
            terminal.Press(Enumerable.Repeat("BSpace", chosen.Id.Length).ToArray());
            terminal.Type(declined.Id);
            shell.WaitForInput("Unlock-LensmorEvent -Id " + declined.Id, "the recalled line to be edited");
            prompts = shell.Prompts();
            shell.EnterAndWaitForConfirm(declined.Id);
            terminal.Type("n");
            terminal.Press("Enter");
            terminal.WaitFor("the prompt after n", () => shell.Prompts() > prompts && shell.Input() == string.Empty);
            Assert.Equal(new[] { chosen.Id }, await ChargedTargetsAsync(sandbox));

            // Ctrl+C stops a running command and leaves the shell, and the sandbox under it, running.
            prompts = shell.Prompts();
            terminal.Type("Write-Host 'sleeping...'; Start-Sleep -Seconds 600");
            terminal.Press("Enter");
            terminal.WaitFor("the command to run", () => terminal.Screen().Contains("sleeping..."));
            terminal.Press("C-c");
            terminal.WaitFor("Ctrl+C to stop the command", () => shell.Prompts() > prompts && shell.Input() == string.Empty);
            Assert.Matches(new Regex(@"^\s+28,050\s+28,050\s", RegexOptions.Multiline), shell.Run("Get-LensmorBalance"));

            // exit ends the shell, then the rehearsal, which prints the sandbox's ledger.
            terminal.Type("exit");
            terminal.Press("Enter");
            terminal.WaitFor("the rehearsal to exit", () => terminal.HasExited(out _));
            Assert.True(terminal.HasExited(out var exitCode) && exitCode == 0, $"exit code {exitCode}");
            Assert.Contains("Sandbox ledger: 1 charge(s), 2,000 credits in all; balance 28,050.", terminal.Transcript());
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    private static string FirstWord(string name) => name.Split(' ')[0];

    /// <summary>The targets of the sandbox ledger's charges, read from its control surface.</summary>
    private static async Task<string[]> ChargedTargetsAsync(HttpClient sandbox)
    {
        var ledger = await sandbox.GetFromJsonAsync<JsonElement>("/_sandbox/ledger");
        return ledger.GetProperty("charges").EnumerateArray().Select(c => c.GetProperty("target").GetString()!).ToArray();
    }

    [GeneratedRegex(@"^Sandbox: (?<url>http://127\.0\.0\.1:\d+/)", RegexOptions.Multiline)]
    private static partial Regex SandboxUrl();

    /// <summary>A row of Get-LensmorEvent's table: EventId, Name, DateStart, ...</summary>
    [GeneratedRegex(@"^(?<id>\d{6})\s+(?<name>\S.*?)\s{2,}\d{4}-\d\d-\d\d\b", RegexOptions.Multiline)]
    private static partial Regex EventRow();

    /// <summary>The prompt pwsh shows, "PS &lt;location&gt;&gt; ", and what is typed after it.</summary>
    [GeneratedRegex(@"^PS [^>]*>(?: (?<input>.*))?$")]
    private static partial Regex Prompt();

    /// <summary>What the test knows about pwsh's screen: prompts and the line being edited.</summary>
    private sealed class Shell(TmuxTerminal terminal)
    {
        /// <summary>What is typed at the prompt the cursor is on; null when the cursor is not at a prompt.</summary>
        public string? Input()
        {
            var match = Prompt().Match(terminal.CursorRow());
            return match.Success ? match.Groups["input"].Value : null;
        }

        /// <summary>How many prompts pwsh has shown so far: one more each time a line is run or dropped.</summary>
        public int Prompts() => terminal.Transcript().Split('\n').Count(line => Prompt().IsMatch(line));

        public void WaitForInput(string expected, string what) => terminal.WaitFor($"{what} (expected the line '{expected}')", () => Input() == expected);

        /// <summary>Types a line, runs it, waits for the next prompt; returns what was printed from the line on.</summary>
        public string Run(string line)
        {
            var prompts = Prompts();
            terminal.Type(line);
            WaitForInput(line, "the line to be typed");
            terminal.Press("Enter");
            var transcript = terminal.WaitFor($"'{line}' to finish", () => Prompts() > prompts && Input() == string.Empty ? terminal.Transcript() : null);
            return transcript[transcript.LastIndexOf("> " + line, StringComparison.Ordinal)..];
        }

        /// <summary>Presses Enter on the typed line and waits for the console host's confirm prompt about this event.</summary>
        public void EnterAndWaitForConfirm(string eventId)
        {
            var asked = Count(ConfirmPrompt);
            terminal.Press("Enter");
            var prompt = terminal.WaitFor($"a confirm prompt for event {eventId}", () => Count(ConfirmPrompt) > asked ? terminal.Transcript() : null);
            Assert.Contains($"({eventId})\".", prompt[prompt.LastIndexOf("Confirm\n", StringComparison.Ordinal)..]);
        }

        private int Count(string text) => Regex.Matches(terminal.Transcript(), Regex.Escape(text)).Count;
    }
}
