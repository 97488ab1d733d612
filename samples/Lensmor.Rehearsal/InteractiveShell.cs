using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lensmor.Rehearsal;

/// <summary>
/// --interactive: the pinned pwsh itself, started on this terminal as a child process, with the built module
/// imported and connected to the sandbox this process hosts. Interactive.ps1 imports, connects and prints the
/// welcome; this process keeps the sandbox running until the shell exits.
/// </summary>
/// <remarks>
/// Why pwsh itself rather than the engine's console host in this process with PSReadLine loaded into it: the
/// PowerShell SDK package has no PSReadLine (the tool package has it in PSHOME/Modules), and a host in this
/// process would be a copy of pwsh that can drift from it. Started from the tool's pwsh.dll, the shell is the one
/// a user gets by typing pwsh: PSReadLine with its key handlers, edit mode, history and predictions, the console
/// host's Tab, prompts and Ctrl+C. It starts with -NoProfile: a profile could connect to the real API, or make
/// the rehearsal differ from one machine to the next.
/// </remarks>
internal static class InteractiveShell
{
    /// <summary>The dotnet host that runs this sample (dotnet run starts the apphost, so not always this process).</summary>
    public static string DotnetHost
    {
        get
        {
            var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
            if (Path.GetFileName(Environment.ProcessPath) is { } name && name.Equals(executable, StringComparison.OrdinalIgnoreCase))
            {
                return Environment.ProcessPath!;
            }

            // <dotnet root>/shared/Microsoft.NETCore.App/<version>/
            var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            var host = Path.Combine(root, executable);
            return File.Exists(host) ? host : executable;
        }
    }

    /// <summary>Runs the shell on this console until the user exits it; returns its exit code.</summary>
    /// <param name="stateDirectory">The rehearsal's own folder (its journal); the shell's history goes there too.</param>
    public static int Run(string pwshDll, string module, string? script, string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var start = new ProcessStartInfo(DotnetHost) { UseShellExecute = false };
        start.ArgumentList.Add(pwshDll);
        foreach (var argument in new[] { "-NoProfile", "-NoLogo", "-NoExit" }) start.ArgumentList.Add(argument);
        if (OperatingSystem.IsWindows())
        {
            start.ArgumentList.Add("-ExecutionPolicy");
            start.ArgumentList.Add("Bypass");
        }

        start.ArgumentList.Add("-File");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interactive.ps1"));
        start.ArgumentList.Add("-Module");
        start.ArgumentList.Add(module);
        start.ArgumentList.Add("-HistoryPath");
        start.ArgumentList.Add(Path.Combine(stateDirectory, "history.txt"));
        if (script != null)
        {
            start.ArgumentList.Add("-Script");
            start.ArgumentList.Add(script);
        }

        // The terminal sends Ctrl+C (and Ctrl+\) to both processes. They belong to the shell, which stops its running
        // command and stays; this process must not end and take the sandbox away from under it.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true);

        using var shell = Process.Start(start) ?? throw new InvalidOperationException("pwsh did not start.");

        // A closed terminal (SIGHUP) or a kill (SIGTERM) ends the shell, and this process then ends as after exit:
        // it stops the sandbox and deletes the rehearsal's folder rather than dying with them left behind.
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, EndShell);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, EndShell);
        shell.WaitForExit();
        return shell.ExitCode;

        void EndShell(PosixSignalContext context)
        {
            context.Cancel = true;
            try
            {
                shell.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It has exited already.
            }
        }
    }
}
