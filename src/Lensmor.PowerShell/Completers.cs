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
