using System.Management.Automation.Runspaces;
using Lensmor.Sandbox;

namespace Lensmor.Rehearsal;

/// <summary>
/// Runs the module's main job in a real PowerShell engine against an in-process sandbox: it imports the built
/// out/Lensmor and runs Rehearsal.ps1 (or the user's own script) in PowerShell's console host, so what it prints
/// is what pwsh prints. With --interactive it starts the pinned pwsh itself instead (see <see cref="InteractiveShell"/>),
/// connected to the sandbox this process keeps running until the shell exits.
/// Nothing here can reach the real Lensmor API: the sandbox binds to loopback and the scripts refuse any other endpoint.
/// </summary>
public static class Program
{
    private const string Usage = """
        Usage: dotnet run --project samples/Lensmor.Rehearsal [-- options]

          (no options)        run Rehearsal.ps1: the module's main job against an in-process sandbox
          --script <file>     run your own script against the sandbox instead (offline rehearsal)
          --interactive, -i   start the pinned pwsh 7.6.9 (PSReadLine: Tab, history, line editing) with the
                              module imported and connected to the sandbox, which runs until you exit
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
        // --interactive runs the pinned pwsh: find it (restoring it if need be) before anything starts.
        var pwsh = interactive ? PinnedPwsh.Find(RepoRoot()) : null;
        if (interactive && pwsh == null)
        {
            return 2;
        }

        await using var sandbox = await StartSandboxAsync(profile).ConfigureAwait(false);
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

            int exitCode;
            if (pwsh != null)
            {
                exitCode = InteractiveShell.Run(pwsh, module, script, journalDirectory);
            }
            else
            {
                var state = InitialSessionState.CreateDefault2();
                state.ImportPSModule(module);
                if (OperatingSystem.IsWindows())
                {
                    state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
                }

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

    /// <summary>The one place the rehearsal's sandbox starts: the main job, --script and --interactive all run against it, at --profile.</summary>
    private static async Task<SandboxServer> StartSandboxAsync(string? profile)
    {
        var options = new SandboxOptions { ApiKey = SandboxOptions.ReadmeApiKey, TaskStepDelay = TimeSpan.FromMilliseconds(100) };
        if (profile != null)
        {
            options.UseProfile(profile);
        }

        var sandbox = await SandboxServer.StartAsync(options).ConfigureAwait(false);
        if (profile != null)
        {
            Console.WriteLine(SandboxProfiles.Describe(options) + ".");
        }

        return sandbox;
    }

    /// <summary>The engine's product version (7.6.9), not its assembly version (7.6.0).</summary>
    private static string EngineVersion =>
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(System.Management.Automation.PSObject).Assembly)?.InformationalVersion ?? "?")
            .Split('+', ' ')[0];

    private static string FindModule() => Path.Combine(RepoRoot(), "out", "Lensmor", "Lensmor.psd1");

    /// <summary>The repository this sample was built in (it holds out/Lensmor and the tool manifest); else the current directory.</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LensmorPS.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetFullPath(".");
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
