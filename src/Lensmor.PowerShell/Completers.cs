using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Lensmor.PowerShell;

/// <summary>
/// Tab completion from a fixed list that still accepts other values (the API adds values over time).
/// [ArgumentCompletions] would do this but does not exist in Windows PowerShell 5.1.
/// </summary>
public abstract class ValuesCompleter : IArgumentCompleter
{
    private readonly string[] values;

    protected ValuesCompleter(params string[] values)
    {
        this.values = values;
    }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = Unquote(wordToComplete);
        return Candidates(values)
            .Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(Result);
    }

    /// <summary>What is offered, in order; the fixed list unless a completer knows more.</summary>
    protected virtual IEnumerable<string> Candidates(string[] fixedValues) => fixedValues;

    internal static string Unquote(string? word) => (word ?? string.Empty).Trim('\'', '"');

    /// <summary>A value, quoted when PowerShell would otherwise split it or read it as a parameter.</summary>
    internal static CompletionResult Result(string value) =>
        new(value.IndexOf(' ') >= 0 || value.IndexOf('-') >= 0 ? "'" + value.Replace("'", "''") + "'" : value, value, CompletionResultType.ParameterValue, value);
}

public sealed class EventTypeCompleter : ValuesCompleter
{
    public EventTypeCompleter()
        : base("In-person", "conference_led", "expo_led", "hybrid")
    {
    }
}

public sealed class QualityCompleter : ValuesCompleter
{
    public QualityCompleter()
        : base("Verified", "Standard")
    {
    }
}

/// <summary>The precheck action types of the 0.24 contract.</summary>
public sealed class ActionTypeCompleter : ValuesCompleter
{
    public ActionTypeCompleter()
        : base(Core.Operations.ActionCheckOperation.KnownActionTypes.ToArray())
    {
    }
}

/// <summary>
/// A plan file's path (Get-LensmorPlan, Invoke-LensmorPlan): folders, and the files in them that are Lensmor
/// plans (a file's first bytes say so), so Tab does not offer every JSON file. Relative to the current location.
/// </summary>
public sealed class PlanFileCompleter : IArgumentCompleter
{
    private const int Sniff = 64;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = ValuesCompleter.Unquote(wordToComplete);
        var cut = Math.Max(typed.LastIndexOf('/'), typed.LastIndexOf('\\'));
        var typedFolder = cut >= 0 ? typed.Substring(0, cut + 1) : string.Empty;
        var prefix = typed.Substring(cut + 1);
        string folder;
        try
        {
            using var shell = System.Management.Automation.PowerShell.Create(System.Management.Automation.RunspaceMode.CurrentRunspace);
            var here = shell.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem").Invoke<PathInfo>().FirstOrDefault()?.ProviderPath
                ?? Environment.CurrentDirectory;
            folder = System.IO.Path.Combine(here, typedFolder.Length == 0 ? "." : typedFolder);
            if (!Directory.Exists(folder))
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }
        catch (Exception e) when (e is ArgumentException || e is IOException || e is RuntimeException || e is UnauthorizedAccessException)
        {
            return Enumerable.Empty<CompletionResult>();
        }

        var folders = Directory.EnumerateDirectories(folder, prefix + "*").OrderBy(d => d, StringComparer.OrdinalIgnoreCase)
            .Select(d => Result(typedFolder + System.IO.Path.GetFileName(d) + System.IO.Path.DirectorySeparatorChar, CompletionResultType.ProviderContainer));
        var plans = Directory.EnumerateFiles(folder, prefix + "*").Where(IsPlan).OrderBy(f => f, StringComparer.OrdinalIgnoreCase)
            .Select(f => Result(typedFolder + System.IO.Path.GetFileName(f), CompletionResultType.ProviderItem));
        return plans.Concat(folders).ToList();
    }

    /// <summary>A plan file starts with its format: {"format": "lensmor-plan/1", ...}.</summary>
    internal static bool IsPlan(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            var head = new byte[Sniff];
            var read = stream.Read(head, 0, head.Length);
            return System.Text.Encoding.UTF8.GetString(head, 0, read).Contains("\"" + Core.Spending.SavedPlan.FormatName + "\"");
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static CompletionResult Result(string path, CompletionResultType type)
    {
        var text = path.IndexOfAny(new[] { ' ', '\'', '$', '`', '(', ')', '{', '}', ';', ',', '&' }) >= 0 ? "'" + path.Replace("'", "''") + "'" : path;
        return new CompletionResult(text, path, type, path);
    }
}
