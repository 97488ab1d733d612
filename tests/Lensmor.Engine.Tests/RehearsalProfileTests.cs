using System.Diagnostics;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// `dotnet run --project samples/Lensmor.Rehearsal -- --profile real`: the rehearsal's sandbox at the real
/// service's conditions (issue 13.1), so that a user can feel what a run will cost in time.
/// </summary>
public sealed class RehearsalProfileTests
{
    private static string SampleAssembly
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(RepoPaths.Root, "samples", "Lensmor.Rehearsal", "bin", framework.Parent!.Name, framework.Name, "Lensmor.Rehearsal.dll");
        }
    }

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
            var (exitCode, text) = await RunSampleAsync("--profile", "real", "--script", script);

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
        var (exitCode, text) = await RunSampleAsync("--profile", "fast");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown or incomplete option '--profile'", text);
        Assert.DoesNotContain("Sandbox ledger", text);
    }

    private static async Task<(int ExitCode, string Output)> RunSampleAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add(SampleAssembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in new[] { "LENSMOR_API_KEY", "LENSMOR_BASE_URL", "LENSMOR_JOURNAL_PATH", "LENSMOR_JOURNAL" })
            start.Environment.Remove(name);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
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

        return (process.ExitCode, await output + await errors);
    }
}
