using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations;

/// <summary>
/// Test-LensmorAction: POST /external/actions/precheck. Read-only, free, advisory: it never charges or runs
/// anything, so it never asks. An unknown action type is still answered (allowed false, unsupported_action).
/// </summary>
public static class ActionCheckOperation
{
    /// <summary>The action types of the 0.24.3 contract (the server answers others with unsupported_action).</summary>
    public static readonly IReadOnlyList<string> KnownActionTypes = new[]
    {
        PrecheckActionTypes.QueryEventPersonnel,
        PrecheckActionTypes.UnlockEventContacts,
        PrecheckActionTypes.UnlockEventVisitors,
        PrecheckActionTypes.UnlockEventFullAccess,
        PrecheckActionTypes.UnlockContactEmails,
        PrecheckActionTypes.UnlockContactPhones,
        PrecheckActionTypes.SearchExhibitorEvents,
        "others",
    };

    public const int ActionTypeMaxLength = 100;

    /// <param name="parameters">-Parameters, already unwrapped to plain .NET values; may be null.</param>
    /// <param name="rawEventId">-EventId: sent as params.event_id.</param>
    /// <param name="rawPersonnelIds">-PersonnelId: sent as params.personnel_ids.</param>
    public static async Task RunAsync(LensmorSession session, ILensmorHost host, string? rawActionType, IDictionary<string, object?>? parameters, string? rawEventId = null, IEnumerable<string?>? rawPersonnelIds = null)
    {
        var actionType = InputValidation.Text(rawActionType, "ActionType", ActionTypeMaxLength, required: true);
        if (actionType.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw LensmorException.InvalidArgument($"-ActionType '{actionType}' contains spaces; action types look like unlock_event_contacts. Nothing was sent.", actionType,
                "Press Tab after -ActionType to see the known action types.");
        }

        var body = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var pair in parameters ?? new Dictionary<string, object?>())
        {
            if (string.IsNullOrWhiteSpace(pair.Key))
            {
                throw LensmorException.InvalidArgument("-Parameters has a blank key. Nothing was sent.", null, "Name every parameter, for example @{ event_id = '139001' }.");
            }

            if (pair.Value != null)
            {
                body[pair.Key.Trim()] = pair.Value;
            }
        }

        if (rawEventId != null)
        {
            Put(body, "event_id", InputValidation.EventId(rawEventId), "EventId");
        }

        if (rawPersonnelIds != null)
        {
            var ids = rawPersonnelIds.Select(id => InputValidation.Id(id, "PersonnelId", InputValidation.PersonnelIdMaxLength)).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count > 0)
            {
                Put(body, "personnel_ids", ids, "PersonnelId");
            }
        }

        if (!KnownActionTypes.Contains(actionType, StringComparer.Ordinal))
        {
            host.WriteVerbose($"'{actionType}' is not one of the 0.24 action types ({string.Join(", ", KnownActionTypes)}); Lensmor will likely answer unsupported_action.");
        }

        var target = body.TryGetValue("event_id", out var e) ? e.ToString() : actionType;
        var answer = await PrecheckOperation.RunAsync(session, host, actionType, body, target).ConfigureAwait(false);
        host.WriteObject(ActionCheck.From(answer, actionType));
    }

    private static void Put(Dictionary<string, object> body, string key, object value, string parameterName)
    {
        if (body.TryGetValue(key, out var existing) && !SameValue(existing, value))
        {
            throw LensmorException.InvalidArgument($"-{parameterName} and -Parameters.{key} disagree. Nothing was sent.", value, $"Pass {key} once, either as -{parameterName} or inside -Parameters.");
        }

        body[key] = value;
    }

    private static bool SameValue(object a, object b) =>
        a is string || b is string
            ? string.Equals(a.ToString(), b.ToString(), StringComparison.Ordinal)
            : a is System.Collections.IEnumerable ea && b is System.Collections.IEnumerable eb
                && ea.Cast<object?>().Select(x => x?.ToString()).SequenceEqual(eb.Cast<object?>().Select(x => x?.ToString()));
}
