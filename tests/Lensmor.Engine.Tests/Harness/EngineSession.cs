using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Lensmor.Sandbox;

namespace Lensmor.Engine.Tests.Harness;

/// <summary>
/// A real PowerShell engine in this process: a runspace from InitialSessionState.CreateDefault2() with a
/// <see cref="ScriptedHost"/>, the built module imported from out/Lensmor, and (unless told otherwise) its own
/// in-process sandbox and its own journal file, connected with Connect-Lensmor.
/// </summary>
/// <remarks>
/// How the tests isolate the module's process-wide state. Lensmor.dll loads once per test process, and its
/// connection (ModuleState: the Connect-Lensmor session with its spend limit, or one built from $env:LENSMOR_*)
/// is shared by every runspace in it, ForEach-Object -Parallel ones included. So:
/// <list type="bullet">
/// <item>engine tests run one at a time (AssemblyInfo.cs);</item>
/// <item>each session has its own runspace, its own sandbox (own port, ledger, world and request log) and its own
/// journal file, deleted when the session ends;</item>
/// <item>each session runs Disconnect-Lensmor before its Connect-Lensmor (a session an earlier test left behind
/// would otherwise carry its spending over) and again when it ends;</item>
/// <item>sessions always connect explicitly, never through $env:LENSMOR_*; the rehearsal tests, which do use the
/// environment, run the sample as a child process with those variables removed.</item>
/// </list>
/// </remarks>
public sealed class EngineSession : IAsyncDisposable
{
    private readonly Runspace _runspace;

    private EngineSession(Runspace runspace, ScriptedHost host, SandboxServer? sandbox, string journalPath)
    {
        _runspace = runspace;
        Host = host;
        Sandbox = sandbox;
        JournalPath = journalPath;
    }

    public ScriptedHost Host { get; }
    public ScriptedHostUserInterface Ui => Host.Ui;
    public SandboxServer? Sandbox { get; }
    public string JournalPath { get; }
    public Runspace Runspace => _runspace;

    public static string ModuleManifest => Path.Combine(RepoPaths.Root, "out", "Lensmor", "Lensmor.psd1");

    /// <summary>Starts an engine; with <paramref name="connect"/>, also a sandbox, and connects the module to it.</summary>
    /// <param name="connectArguments">Appended to the Connect-Lensmor command line, e.g. "-SpendLimit 5000".</param>
    /// <param name="interactive">False: the host fails every prompt, as pwsh -NonInteractive does.</param>
    public static async Task<EngineSession> StartAsync(bool connect = true, Action<SandboxOptions>? sandbox = null, int width = 120, string connectArguments = "", bool interactive = true)
    {
        if (!File.Exists(ModuleManifest))
            throw new InvalidOperationException($"The module is not built: {ModuleManifest}. Run dotnet build LensmorPS.sln first.");

        SandboxServer? server = null;
        if (connect)
        {
            // A key of its own (SandboxOptions' default): the module keeps one rate model per base URL and key.
            var options = new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(40), TaskPollHintMs = 10 };
            sandbox?.Invoke(options);
            server = await SandboxServer.StartAsync(options);
        }

        var host = new ScriptedHost(width, interactive);
        var state = InitialSessionState.CreateDefault2();
        var runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        var journal = Path.Combine(Path.GetTempPath(), $"lensmor-engine-{Guid.NewGuid():N}.jsonl");
        var session = new EngineSession(runspace, host, server, journal);

        session.Run("Import-Module $args[0] -ErrorAction Stop", ModuleManifest).ThrowOnError();
        // The connection is process-wide: whatever an earlier test left (had its cleanup not run) must not carry
        // its spending over into this one (Connect-Lensmor carries over what the same account spent).
        session.Run("Disconnect-Lensmor").ThrowOnError();
        if (server is not null)
        {
            session.Run("Connect-Lensmor -ApiKey $args[0] -BaseUri $args[1] -JournalPath $args[2] " + connectArguments,
                server.ApiKey, server.BaseUri.ToString().TrimEnd('/'), journal).ThrowOnError();
        }
        host.Ui.Clear();
        return session;
    }

    /// <summary>Runs a script; positional arguments arrive as $args. The host lines recorded during the run are in the result.</summary>
    public EngineResult Run(string script, params object[] arguments)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var argument in arguments) ps.AddArgument(argument);
        var linesBefore = Ui.Lines.Count;
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            output = new Collection<PSObject>();
            terminating = ex;
        }
        return new EngineResult(
            output.ToList(),
            ps.Streams.Error.ToList(),
            ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.Streams.Debug.Select(d => d.Message).ToList(),
            ps.Streams.Information.ToList(),
            ps.Streams.Progress.ToList(),
            Ui.Lines.Skip(linesBefore).ToList(),
            terminating,
            ps.HadErrors);
    }

    /// <summary>Starts a script without waiting, for tests that stop a pipeline part-way.</summary>
    public (PowerShell Shell, IAsyncResult Pending) Begin(string script, params object[] arguments)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var argument in arguments) ps.AddArgument(argument);
        return (ps, ps.BeginInvoke());
    }

    /// <summary>Every record of this session's intent journal, oldest first (an absent file is an empty journal).</summary>
    public IReadOnlyList<JournalLine> Journal() =>
        File.Exists(JournalPath)
            ? File.ReadAllLines(JournalPath).Where(l => l.Length > 0).Select(JournalLine.Parse).ToList()
            : Array.Empty<JournalLine>();

    public async ValueTask DisposeAsync()
    {
        try { Run("Disconnect-Lensmor -ErrorAction SilentlyContinue"); } catch (Exception) { /* the runspace may be broken by the test */ }
        _runspace.Dispose();
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(JournalPath)!, Path.GetFileName(JournalPath) + "*"))
            File.Delete(file);
    }
}

/// <summary>Everything one script produced, stream by stream.</summary>
public sealed record EngineResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<InformationRecord> Information,
    IReadOnlyList<ProgressRecord> Progress,
    IReadOnlyList<string> HostLines,
    Exception? Terminating,
    bool HadErrors)
{
    /// <summary>The ErrorIds (FullyQualifiedErrorId before the comma) of every error, terminating one included.</summary>
    public IReadOnlyList<string> ErrorIds =>
        Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0])
              .Concat(Terminating is IContainsErrorRecord c ? new[] { c.ErrorRecord.FullyQualifiedErrorId.Split(',')[0] } : Array.Empty<string>())
              .ToList();

    public string Text => string.Join("\n", Output.Select(o => o?.ToString()));

    /// <summary>
    /// The "What if:" lines the user sees: the engine's, and the run totals the cmdlets write the way Write-Host does
    /// (an information record tagged PSHOST, which the engine also shows on the host).
    /// </summary>
    public IReadOnlyList<string> WhatIfLines => HostLines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();

    public EngineResult ThrowOnError()
    {
        if (Terminating is not null) throw new InvalidOperationException("The script failed: " + Terminating.Message, Terminating);
        if (Errors.Count > 0) throw new InvalidOperationException("The script wrote errors: " + string.Join("; ", Errors.Select(e => e.ToString())));
        return this;
    }
}

/// <summary>One line of the intent journal, read the way the spend log reads it.</summary>
public sealed record JournalLine(string Id, string Key, string State, string Action, string Targets, string? Outcome, decimal? Charged, string? Note)
{
    public static JournalLine Parse(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        decimal? Dec(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetDecimal() : null;
        return new JournalLine(Str("id")!, Str("key")!, Str("state")!, Str("action")!, Str("targets") ?? "", Str("outcome"), Dec("charged"), Str("note"));
    }
}

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LensmorPS.sln"))) return dir.FullName;
        throw new InvalidOperationException("LensmorPS.sln not found above " + AppContext.BaseDirectory);
    }
}
