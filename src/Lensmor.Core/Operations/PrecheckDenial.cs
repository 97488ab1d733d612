using Lensmor.Core.Errors;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations;

internal static class PrecheckDenial
{
    /// <summary>The error for a precheck that said no (other than insufficient balance, which callers report with numbers).</summary>
    public static LensmorException ToError(PrecheckResponseDto answer, string target)
    {
        var reason = answer.ReasonCode ?? "unknown";
        return reason switch
        {
            PrecheckReasons.NotFound => new LensmorException(ErrorIds.NotFound, LensmorErrorCategory.ObjectNotFound,
                $"Lensmor does not know {target} (precheck reason not_found). Nothing was sent and nothing was charged.",
                "Check the id; Get-LensmorEvent lists valid event ids.", false, target),
            PrecheckReasons.UnlockInProgress => new LensmorException(ErrorIds.Conflict, LensmorErrorCategory.ResourceBusy,
                $"An unlock of {target} is already in progress (precheck reason unlock_in_progress). Nothing was sent.",
                "Wait for the running unlock to finish, then check the target's state again.", false, target),
            PrecheckReasons.StateConflict => new LensmorException(ErrorIds.Conflict, LensmorErrorCategory.ResourceBusy,
                $"Lensmor reports a state conflict for {target} (precheck reason state_conflict). Nothing was sent and nothing was charged.",
                "Refresh the target's state (Get-LensmorEvent, Test-LensmorAction) and try again later.", false, target),
            _ => new LensmorException(ErrorIds.ActionNotAllowed, LensmorErrorCategory.PermissionDenied,
                $"Lensmor does not allow this action on {target} (precheck reason {reason}{(string.IsNullOrEmpty(answer.BizCode) ? "" : ", " + answer.BizCode)}). Nothing was sent and nothing was charged.",
                "Check the account's plan and the target's state in Lensmor; Test-LensmorAction shows the precheck answer.", false, target),
        };
    }
}
