using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Test-LensmorAction: POST /external/actions/precheck. Read-only, free, advisory: it never charges or runs
/// anything, so it never asks. The action type must be one of the contract's enum; it may be typed in any case
/// and without underscores (UnlockEventContacts), and is sent as the contract spells it.
/// </summary>
public static class ActionCheckOperation
{
    /// <summary>The action types of the 0.24.3 contract (ActionPrecheckRequest.action_type; the API refuses others with 400).</summary>
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

        actionType = ContractActionType(actionType);
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


        var target = body.TryGetValue("event_id", out var e) ? e.ToString() : actionType;
        var answer = await PrecheckOperation.RunAsync(session, host, actionType, body, target).ConfigureAwait(false);
        host.WriteObject(ActionCheck.From(answer, actionType));
    }

    /// <summary>
    /// The contract's spelling of an action type typed as unlock_event_contacts, UNLOCK_EVENT_CONTACTS or
    /// UnlockEventContacts; anything else is refused before a request, as the API would refuse it with 400.
    /// </summary>
    public static string ContractActionType(string actionType)
    {
        static string Key(string value) => value.Replace("_", string.Empty).Replace("-", string.Empty).ToUpperInvariant();
        var key = Key(actionType);
        return KnownActionTypes.FirstOrDefault(known => Key(known) == key)
            ?? throw LensmorException.InvalidArgument(
                $"-ActionType '{actionType}' is not an action type of the Lensmor contract ({string.Join(", ", KnownActionTypes)}). Nothing was sent.",
                actionType,
                "Press Tab after -ActionType to pick one.");
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
