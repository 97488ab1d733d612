using System.Collections;
using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Test-LensmorAction: asks Lensmor whether an action would be allowed and what it would cost
/// (POST /external/actions/precheck). Read-only and free: it never runs the action and never prompts.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "LensmorAction")]
[OutputType(typeof(ActionCheck))]
public sealed class TestLensmorActionCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(ActionTypeCompleter))]
    public string ActionType { get; set; } = string.Empty;

    [Parameter(Position = 1)]
    public Hashtable? Parameters { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string? EventId { get; set; }

    [Parameter]
    public string[]? PersonnelId { get; set; }

    protected override void Process()
    {
        var parameters = Unwrap(Parameters);
        Run(host => ActionCheckOperation.RunAsync(Session, host, ActionType, parameters, EventId, PersonnelId));
    }

    /// <summary>The hashtable's keys and values as plain .NET values (PSObject wrappers removed, arrays as lists).</summary>
    internal static Dictionary<string, object?>? Unwrap(Hashtable? table)
    {
        if (table == null)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            result[Convert.ToString(Plain(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = Plain(entry.Value);
        }

        return result;
    }

    private static object? Plain(object? value)
    {
        var inner = value is PSObject ps ? ps.BaseObject : value;
        return inner switch
        {
            null => null,
            string s => s,
            Hashtable nested => Unwrap(nested),
            IEnumerable items => items.Cast<object?>().Select(Plain).ToList(),
            _ => inner,
        };
    }
}
