using System.Management.Automation.Runspaces;
using Lensmor.Sandbox;

namespace Lensmor.Rehearsal;

/// <summary>
/// Runs the module's main job in a real PowerShell engine against an in-process sandbox: it imports the built
/// out/Lensmor and runs Rehearsal.ps1 (or the user's own script) in PowerShell's console host, so what it prints
/// is what pwsh prints. With --interactive it leaves the user at a pwsh prompt instead, connected to the sandbox.
/// Nothing here can reach the real Lensmor API: the sandbox binds to loopback and the script refuses any other endpoint.
/// </summary>
public static class Program
{
    private const string Usage = """
        Usage: dotnet run --project samples/Lensmor.Rehearsal [-- options]

          (no options)        run Rehearsal.ps1: the module's main job against an in-process sandbox
          --script <file>     run your own script against the sandbox instead (offline rehearsal)
          --interactive, -i   stay at a pwsh prompt with the module imported and the sandbox running
                              (with --script: run the script first, then stay)
          --module <psd1>     the module to import (default: out/Lensmor/Lensmor.psd1 of this repository)
          --profile real      the sandbox at the real service's conditions: 150 ms latency, 2 requests/s
                              (burst 120), contact tasks of 20 s, now and then a 5xx on a read
          --help, -h          this text
        """;

    public static async Task<int> Main(string[] args)
    {
        string? script = null;
        string? module = null;
        var interactive = false;
        string? profile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--interactive" or "-i":
                    interactive = true;
                    break;
                case "--script" when i + 1 < args.Length:
                    script = Path.GetFullPath(args[++i]);
                    break;
                case "--module" when i + 1 < args.Length:
                    module = Path.GetFullPath(args[++i]);
                    break;
                case "--profile" when i + 1 < args.Length && SandboxProfiles.Names.Contains(args[i + 1].ToLowerInvariant()):
                    profile = args[++i];
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        module ??= FindModule();
        if (!File.Exists(module))
        {
            Console.Error.WriteLine($"The module is not built: {module}. Run dotnet build first (dotnet run --project samples/Lensmor.Rehearsal builds it).");
            return 2;
        }

        if (script != null && !File.Exists(script))
        {
            Console.Error.WriteLine($"No such script: {script}");
            return 2;
        }

        script ??= interactive ? null : Path.Combine(AppContext.BaseDirectory, "Rehearsal.ps1");

        var options = new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(100) };
        if (profile != null)
        {
            options.UseProfile(profile);
        }

        await using var sandbox = await SandboxServer.StartAsync(options).ConfigureAwait(false);
        if (profile != null)
        {
            Console.WriteLine(SandboxProfiles.Describe(options) + ".");
        }

        var journalDirectory = Path.Combine(Path.GetTempPath(), "lensmor-rehearsal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var baseUrl = sandbox.BaseUri.ToString().TrimEnd('/');
            // What the module reads when no Connect-Lensmor says otherwise; the journal stays out of the user's real one.
            Environment.SetEnvironmentVariable("LENSMOR_BASE_URL", baseUrl);
            Environment.SetEnvironmentVariable("LENSMOR_API_KEY", sandbox.ApiKey);
            Environment.SetEnvironmentVariable("LENSMOR_JOURNAL_PATH", Path.Combine(journalDirectory, "journal.jsonl"));
            // The console host must not phone home: no telemetry, no update check.
            Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
            Environment.SetEnvironmentVariable("POWERSHELL_UPDATECHECK", "Off");

            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(module);
            if (OperatingSystem.IsWindows())
            {
                state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            int exitCode;
            if (interactive)
            {
                exitCode = StartInteractive(state, baseUrl, sandbox.ApiKey, script);
            }
            else
            {
                Console.WriteLine($"Rehearsing {script} in PowerShell {EngineVersion} with the module {module},");
                Console.WriteLine($"against a Lensmor sandbox at {baseUrl}. No real credits are involved.");
                exitCode = Microsoft.PowerShell.ConsoleShell.Start(state, string.Empty, string.Empty, new[] { "-NoProfile", "-NoLogo", "-NonInteractive", "-File", script! });
            }

            var charges = sandbox.Ledger.Charges;
            Console.WriteLine();
            Console.WriteLine($"Sandbox ledger: {charges.Count} charge(s), {charges.Sum(c => c.Credits):#,0} credits in all; balance {sandbox.Ledger.TotalBalance:#,0}. No real credits were involved.");
            return exitCode;
        }
        finally
        {
            TryDelete(journalDirectory);
        }
    }

    private static int StartInteractive(InitialSessionState state, string baseUrl, string apiKey, string? script)
    {
        var banner = $"""
            Lensmor rehearsal: PowerShell {EngineVersion} with the module imported from out/Lensmor.
            A Lensmor sandbox is running at {baseUrl} (key {apiKey}; $env:LENSMOR_* point at it).
            Nothing here reaches the real API. Try: Get-LensmorBalance; Get-LensmorEvent -First 5 | Unlock-LensmorEvent -WhatIf
            Type exit to stop the sandbox.
            """;
        // Printed here rather than by the console host, which shows a banner only to a terminal.
        Console.WriteLine(banner);
        var arguments = new List<string> { "-NoProfile", "-NoLogo", "-NoExit" };
        arguments.AddRange(script == null ? new[] { "-Command", "Connect-Lensmor -ApiKey $env:LENSMOR_API_KEY -BaseUri $env:LENSMOR_BASE_URL" } : new[] { "-File", script });
        return Microsoft.PowerShell.ConsoleShell.Start(state, string.Empty, string.Empty, arguments.ToArray());
    }

    /// <summary>The engine's product version (7.6.9), not its assembly version (7.6.0).</summary>
    private static string EngineVersion =>
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(System.Management.Automation.PSObject).Assembly)?.InformationalVersion ?? "?")
            .Split('+', ' ')[0];

    private static string FindModule()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LensmorPS.sln")))
            {
                return Path.Combine(dir.FullName, "out", "Lensmor", "Lensmor.psd1");
            }
        }

        return Path.GetFullPath(Path.Combine("out", "Lensmor", "Lensmor.psd1"));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
