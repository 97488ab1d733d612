using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lensmor.Engine.Tests.Harness;

/// <summary>
/// A real terminal for a test: one program in a detached tmux session on a server of its own (its own socket,
/// no user configuration), driven with send-keys and read with capture-pane. tmux answers the cursor and size
/// queries that PSReadLine and the console host send, which `script` and redirected streams do not.
/// </summary>
/// <remarks>
/// Nothing here sleeps to let the program catch up: <see cref="WaitFor"/> polls the screen until a condition
/// holds and fails, with the screen in the message, only after a hang guard of minutes. Dispose ends the tmux
/// server and the program's process tree, whatever state the test left them in.
/// </remarks>
public sealed partial class TmuxTerminal : IDisposable
{
    private const string Target = "shell";
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);
    private readonly string _socket = "lensmor-tty-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"lensmor-tty-{Guid.NewGuid():N}.conf");
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private int _programId;
    private int _serverId;

    private TmuxTerminal(IReadOnlyDictionary<string, string?> environment)
    {
        _environment = environment;
    }

    /// <summary>Starts <paramref name="command"/> in a <paramref name="width"/> x <paramref name="height"/> terminal.</summary>
    /// <param name="environment">Changes to this process's environment for the program; a null value removes the variable.</param>
    public static TmuxTerminal Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, int width, int height, params string[] command)
    {
        var terminal = new TmuxTerminal(environment);
        try
        {
            // The pane stays on the screen after the program exits, so its last words and exit code can be read.
            File.WriteAllText(terminal._configFile, "set -g remain-on-exit on\nset -g history-limit 10000\n");
            terminal.Tmux(new[] { "new-session", "-d", "-s", Target, "-x", width.ToString(), "-y", height.ToString(), "-c", workingDirectory, "--" }.Concat(command).ToArray());
            var ids = terminal.Tmux("display-message", "-p", "-t", Target, "#{pane_pid} #{pid}").Trim().Split(' ');
            terminal._programId = int.Parse(ids[0]);
            terminal._serverId = int.Parse(ids[1]);
            return terminal;
        }
        catch
        {
            terminal.Dispose();
            throw;
        }
    }

    /// <summary>Fails (never skips) when tmux is missing: the terminal tests are part of every run, CI's included.</summary>
    public static void RequireTmux()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("tmux", "-V") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit();
            Assert.True(probe.ExitCode == 0, "tmux -V failed");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"tmux is not installed ({e.Message}). The terminal tests need it, on developer machines and on CI: install the tmux package.");
        }
    }

    /// <summary>Types text literally (no key names).</summary>
    public void Type(string text) => Tmux("send-keys", "-t", Target, "-l", text);

    /// <summary>Presses keys by tmux's names: Enter, Tab, Up, BSpace, C-c, C-d.</summary>
    public void Press(params string[] keys) => Tmux(new[] { "send-keys", "-t", Target }.Concat(keys).ToArray());

    /// <summary>The visible screen, one string per row, trailing blanks trimmed.</summary>
    public string[] Screen() => Lines(Tmux("capture-pane", "-p", "-t", Target));

    /// <summary>Everything the program printed that is still in the scrollback and on the screen, wrapped lines joined.</summary>
    public string Transcript() => string.Join("\n", Lines(Tmux("capture-pane", "-p", "-J", "-S", "-", "-t", Target)));

    /// <summary>The row the cursor is on: at a prompt, the prompt and the line being edited.</summary>
    public string CursorRow()
    {
        // One tmux command line, so the row number and the screen are read together.
        var text = Tmux("display-message", "-p", "-t", Target, "#{cursor_y}", ";", "capture-pane", "-p", "-t", Target);
        var newline = text.IndexOf('\n');
        var row = int.Parse(text[..newline].Trim());
        var screen = Lines(text[(newline + 1)..]);
        return row < screen.Length ? screen[row] : string.Empty;
    }

    /// <summary>True once the program has exited and tmux has its exit status; the exit code then (128 + a signal's number).</summary>
    public bool HasExited(out int exitCode)
    {
        // tmux marks the pane dead when the terminal closes, and has the status once it has reaped the process.
        var state = Tmux("display-message", "-p", "-t", Target, "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}").Trim().Split('|');
        exitCode = int.TryParse(state.ElementAtOrDefault(1), out var status) ? status
            : int.TryParse(state.ElementAtOrDefault(2), out var signal) ? 128 + signal
            : -1;
        if (state[0] == "1" && exitCode == -1)
        {
            // tmux 3.3a now and then misses the SIGCHLD of a pane's process, which then stays a zombie with no status
            // (here, in about a third of runs). Another SIGCHLD makes the server reap it; the next poll reads the status.
            using var nudge = Process.Start(new ProcessStartInfo("kill", new[] { "-s", "CHLD", _serverId.ToString() }) { UseShellExecute = false });
            nudge?.WaitForExit();
        }

        return state[0] == "1" && exitCode != -1;
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds and returns what it saw; fails with the screen as soon as the
    /// program has exited, or after the hang guard.
    /// </summary>
    public T WaitFor<T>(string what, Func<T?> condition)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Read before the condition: a program that had exited by then has shown all it ever will.
            var exited = HasExited(out var exitCode);
            if (condition() is { } seen)
            {
                return seen;
            }

            if (exited)
            {
                Assert.Fail($"The program exited (code {exitCode}) while the test waited for {what}. The terminal shows:\n{string.Join("\n", Screen())}");
            }

            if (clock.Elapsed > HangGuard)
            {
                Assert.Fail($"Waited {HangGuard.TotalMinutes} minutes for {what}. The terminal shows:\n{string.Join("\n", Screen())}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails as <see cref="WaitFor{T}"/> does.</summary>
    public void WaitFor(string what, Func<bool> condition) => WaitFor(what, () => condition() ? string.Empty : null);

    public void Dispose()
    {
        // Closing the terminal first hangs the program up (SIGHUP), as closing a window does, so it can clean up;
        // whatever is still running a while later is killed.
        try
        {
            Tmux("kill-server");
        }
        catch (InvalidOperationException)
        {
            // No server left.
        }

        try
        {
            if (_programId != 0)
            {
                using var program = Process.GetProcessById(_programId);
                if (!program.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    program.Kill(entireProcessTree: true);
                    program.WaitForExit(TimeSpan.FromSeconds(30));
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
        {
            // It has exited already.
        }

        File.Delete(_configFile);
    }

    private static string[] Lines(string text) => NewLine().Split(text.TrimEnd('\n')).Select(line => line.TrimEnd()).ToArray();

    private string Tmux(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-L", _socket, "-f", _configFile }.Concat(arguments)) start.ArgumentList.Add(argument);
        // The server, started by the first call, hands this environment to the program. Never a tmux of the caller's.
        start.Environment.Remove("TMUX");
        foreach (var (name, value) in _environment)
        {
            if (value == null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var tmux = Process.Start(start)!;
        var output = tmux.StandardOutput.ReadToEndAsync();
        var errors = tmux.StandardError.ReadToEnd();
        tmux.WaitForExit();
        if (tmux.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({tmux.ExitCode}): {errors}");
        }

        return output.Result;
    }

    [GeneratedRegex("\r?\n")]
    private static partial Regex NewLine();
}
