using System.Diagnostics;
using System.Text.RegularExpressions;
using Lensmor.Engine.Tests.Harness;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Keeps the README's first command true: `dotnet run --project samples/Lensmor.Rehearsal` runs Rehearsal.ps1 of
/// real cmdlets in PowerShell's console host against an in-process sandbox, and prints what pwsh prints. Each test
/// runs the built sample as its own process, as dotnet run does (the console host is one per process).
/// </summary>
public sealed class RehearsalTests
{
    /// <summary>The child must find its sandbox only through what the sample sets, never through this process's settings.</summary>
    internal static readonly string[] LensmorVariables = { "LENSMOR_API_KEY", "LENSMOR_BASE_URL", "LENSMOR_JOURNAL_PATH", "LENSMOR_JOURNAL" };

    private static string SampleDirectory => Path.Combine(RepoPaths.Root, "samples", "Lensmor.Rehearsal");

    /// <summary>The sample's build output, in the configuration these tests were built in.</summary>
    internal static string SampleAssembly
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(SampleDirectory, "bin", framework.Parent!.Name, framework.Name, "Lensmor.Rehearsal.dll");
        }
    }

    [Fact]
    public void The_sample_imports_the_built_module_folder_and_carries_no_copy_of_it()
    {
        Assert.True(File.Exists(SampleAssembly), $"The sample is not built: {SampleAssembly}");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(SampleAssembly)!, "Lensmor.dll")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(SampleAssembly)!, "Lensmor.Core.dll")));
        Assert.True(File.Exists(Path.Combine(SampleDirectory, "Rehearsal.ps1")), "the script users read is committed next to the sample");
    }

    [Fact]
    public async Task The_rehearsal_runs_the_main_job_in_the_real_engine_and_prints_what_pwsh_shows()
    {
        var (exitCode, text) = await RunSampleAsync(Array.Empty<string>(), stdin: null);

        Assert.True(exitCode == 0, text);
        Assert.Contains("PS> Get-LensmorEvent -First 3 | Unlock-LensmorEvent -WhatIf", text);
        Assert.Contains("What if: Performing the operation \"Unlock event access for 2,000 credits (balance 30,050 -> 28,050)\" on target \"event 'CES 2027' (139001)\".", text);
        Assert.Contains("What if: in total this run would spend 6,000 credits to unlock 3 events.", text);
        // The refused run, as the console shows an error: the command, the message, the recommendation.
        Assert.Contains("PS> Unlock-LensmorEvent -Id 139001 -MaxCredits 1000", text);
        Assert.Contains("Unlock-LensmorEvent:", text);
        var unwrapped = text.Replace("\n     | ", " "); // the console wraps an error's message at its width
        Assert.Contains("This run would cost 2,000 credits", unwrapped);
        Assert.Contains("more than -MaxCredits 1,000. Nothing was sent and nothing was charged.", unwrapped);
        Assert.Contains("Recommendation: Raise -MaxCredits", text);
        // The receipt of the real unlock, then the free repeat.
        Assert.Matches(new Regex(@"^139001 .*\bUnlocked\s+2,000\s+28,050\s*$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^139001 .*\bAlreadyUnlocked\b.*\b0\s*$", RegexOptions.Multiline), text);
        // The paid search's receipt, shown because the script asks for -InformationAction Continue, and its page warning.
        Assert.Matches(new Regex(@"^SearchExhibitorEvents 'Acme': charged 50 of up to 50 credits", RegexOptions.Multiline), text);
        Assert.Contains("WARNING: Page 1 of ", text);
        // The spend log, from the journal the rehearsal kept: when, cmdlet, outcome, charged, target.
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d Unlock-LensmorEvent\s+Refused\s+0\s+139001\s*$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d Unlock-LensmorEvent\s+Charged\s+2,000\s+139001\s*$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d Unlock-LensmorEvent\s+Free\s+0\s+139001\s*$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d Search-LensmorExhibitorEvents\s+Charged\s+50 Acme\s*$", RegexOptions.Multiline), text);
        // The sandbox's own ledger agrees: the event, three emails and one search page.
        Assert.Contains("Sandbox ledger: 5 charge(s), 2,095 credits in all; balance 27,955.", text);
        // A log file: no colour codes, and never the key.
        Assert.DoesNotContain("\u001b[", text);
        Assert.DoesNotContain(SandboxOptions.ReadmeApiKey, text);
    }

    [Fact]
    public async Task The_rehearsal_runs_a_users_own_script_against_the_sandbox()
    {
        var script = Path.Combine(Path.GetTempPath(), $"lensmor-rehearse-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, """
            "balance=$((Get-LensmorBalance).TotalBalance)"
            '139004', '139005' | Unlock-LensmorEvent -WhatIf
            "context=$((Get-LensmorContext).KeySource)"
            """);
        try
        {
            var (exitCode, text) = await RunSampleAsync(new[] { "--script", script }, stdin: null);

            Assert.True(exitCode == 0, text);
            Assert.Contains("balance=30050", text);
            Assert.Contains("What if: in total this run would spend 4,000 credits to unlock 2 events.", text);
            Assert.Contains("context=Environment (LENSMOR_API_KEY)", text);
            Assert.Contains("Sandbox ledger: 0 charge(s), 0 credits in all; balance 30,050.", text);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Interactive_leaves_the_user_at_a_prompt_connected_to_the_running_sandbox()
    {
        var typed = string.Join("\n",
            "(Get-LensmorContext).Connected",
            "Unlock-LensmorEvent -Id 139002 -Force | ForEach-Object { 'receipt ' + $_.Outcome }",
            "exit") + "\n";

        var (exitCode, text) = await RunSampleAsync(new[] { "--interactive" }, typed);

        Assert.True(exitCode == 0, text);
        // The pinned pwsh itself, which imports PSReadLine even with its streams redirected.
        Assert.Matches(new Regex(@"^Lensmor rehearsal in PowerShell 7\.6\.9 with PSReadLine \d", RegexOptions.Multiline), text);
        Assert.Contains("Module:  " + Path.Combine(RepoPaths.Root, "out", "Lensmor") + " (Lensmor ", text);
        Assert.Contains("Sandbox: http://127.0.0.1:", text);
        Assert.Contains("PS ", text); // the prompt
        Assert.Matches(new Regex(@"True\s*$", RegexOptions.Multiline), text); // after the console's own escape codes
        Assert.Contains("receipt Unlocked", text);
        Assert.Contains("Sandbox ledger: 1 charge(s), 2,000 credits in all; balance 28,050.", text);
    }

    // ---- --profile real (issue 13.1): the rehearsal's sandbox at the real service's conditions.

    [Fact]
    public async Task The_rehearsal_runs_a_script_against_a_sandbox_at_the_real_profile()
    {
        var script = Path.Combine(Path.GetTempPath(), $"lensmor-rehearse-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, """
            $answer = Invoke-WebRequest "$env:LENSMOR_BASE_URL/external/credits/balance" -Headers @{ Authorization = "Bearer $env:LENSMOR_API_KEY" } -MaximumRetryCount 3
            "limit=$($answer.Headers['X-RateLimit-Limit'])"
            "balance=$((Get-LensmorBalance).TotalBalance)"
            """);
        try
        {
            var (exitCode, text) = await RunSampleAsync(new[] { "--profile", "real", "--script", script }, stdin: null);

            Assert.True(exitCode == 0, text);
            Assert.Contains("Profile real: latency 150±50 ms, 2 requests/s, burst 120, contact tasks 20 s (poll hint 5000 ms), 1% of reads answer 503", text);
            Assert.Contains("limit=2", text);
            Assert.Contains("balance=30050", text);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task An_unknown_profile_is_refused_before_the_sandbox_starts()
    {
        var (exitCode, text) = await RunSampleAsync(new[] { "--profile", "fast" }, stdin: null);

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown or incomplete option '--profile'", text);
        Assert.DoesNotContain("Sandbox ledger", text);
    }

    // ---- end of --profile

    private static async Task<(int ExitCode, string Output)> RunSampleAsync(string[] arguments, string? stdin)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(SampleAssembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in LensmorVariables)
            start.Environment.Remove(name);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (stdin != null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The rehearsal did not finish: " + await output);
        }

        var text = (await output).Replace("\r\n", "\n") + await errors;
        return (process.ExitCode, text);
    }
}
