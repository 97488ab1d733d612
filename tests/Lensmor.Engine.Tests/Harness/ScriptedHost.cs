using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Lensmor.Engine.Tests.Harness;

/// <summary>
/// A PSHost for tests: its UI records every line the engine writes to the host (What if: lines, prompts,
/// Write-Host) and answers PromptForChoice from a script of answers, like a user at the keyboard.
/// </summary>
public sealed class ScriptedHost : PSHost
{
    private readonly Guid _id = Guid.NewGuid();

    public ScriptedHost(int width = 120) => Ui = new ScriptedHostUserInterface(width);

    public ScriptedHostUserInterface Ui { get; }
    public override PSHostUserInterface UI => Ui;
    public override string Name => "LensmorScriptedHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId => _id;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() => throw new NotSupportedException("No nested prompts in tests.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("No nested prompts in tests.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

/// <summary>One confirmation prompt as the user saw it, and the answer the script gave.</summary>
public sealed record PromptRecord(string Caption, string Message, IReadOnlyList<string> Choices, string Answer);

public sealed class ScriptedHostUserInterface : PSHostUserInterface
{
    private readonly object _gate = new();
    private readonly List<string> _lines = new();
    private readonly List<PromptRecord> _prompts = new();
    private readonly List<ProgressRecord> _progress = new();
    private readonly Queue<string> _answers = new();
    private readonly System.Text.StringBuilder _partial = new();

    public ScriptedHostUserInterface(int width) => RawUI = new ScriptedRawUserInterface(width);

    public override PSHostRawUserInterface RawUI { get; }

    /// <summary>Answers for the next prompts, by the choice's label without the ampersand: "Yes", "No", "Yes to All", "No to All", "Suspend".</summary>
    public void Answer(params string[] labels)
    {
        lock (_gate) foreach (var label in labels) _answers.Enqueue(label);
    }

    public IReadOnlyList<string> Lines { get { lock (_gate) return _lines.ToArray(); } }
    public IReadOnlyList<PromptRecord> Prompts { get { lock (_gate) return _prompts.ToArray(); } }
    public IReadOnlyList<ProgressRecord> Progress { get { lock (_gate) return _progress.ToArray(); } }
    public int UnusedAnswers { get { lock (_gate) return _answers.Count; } }

    public void Clear()
    {
        lock (_gate) { _lines.Clear(); _prompts.Clear(); _progress.Clear(); _answers.Clear(); _partial.Clear(); }
    }

    public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
    {
        lock (_gate)
        {
            var labels = choices.Select(c => c.Label.Replace("&", "")).ToList();
            if (_answers.Count == 0)
                throw new InvalidOperationException($"The test gave no answer for the prompt '{caption}: {message}'.");
            var answer = _answers.Dequeue();
            var index = labels.FindIndex(l => string.Equals(l, answer, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw new InvalidOperationException($"The prompt '{message}' has no choice '{answer}' (choices: {string.Join(", ", labels)}).");
            _prompts.Add(new PromptRecord(caption, message, labels, labels[index]));
            return index;
        }
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
        throw new InvalidOperationException($"Unexpected Prompt: {caption}: {message}");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new InvalidOperationException($"Unexpected credential prompt: {caption}: {message}");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new InvalidOperationException($"Unexpected credential prompt: {caption}: {message}");

    public override string ReadLine() => throw new InvalidOperationException("Unexpected Read-Host.");
    public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("Unexpected Read-Host -AsSecureString.");

    public override void Write(string value)
    {
        lock (_gate) _partial.Append(value);
    }

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

    public override void WriteLine(string value)
    {
        lock (_gate)
        {
            _partial.Append(value);
            foreach (var line in _partial.ToString().Replace("\r\n", "\n").Split('\n')) _lines.Add(line);
            _partial.Clear();
        }
    }

    public override void WriteLine() => WriteLine(string.Empty);
    public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);
    public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);
    public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);
    public override void WriteErrorLine(string value) => WriteLine("ERROR: " + value);

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        lock (_gate) _progress.Add(record);
    }
}

public sealed class ScriptedRawUserInterface(int width) : PSHostRawUserInterface
{
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override Coordinates CursorPosition { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override int CursorSize { get; set; } = 1;
    public override Size BufferSize { get; set; } = new(width, 9999);
    public override Size WindowSize { get; set; } = new(width, 50);
    public override Size MaxWindowSize => new(width, 50);
    public override Size MaxPhysicalWindowSize => new(width, 50);
    public override bool KeyAvailable => false;
    public override string WindowTitle { get; set; } = "Lensmor tests";
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new InvalidOperationException("Unexpected ReadKey.");
    public override void FlushInputBuffer() { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
}
