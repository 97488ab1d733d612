namespace Lensmor.Core.Errors;

/// <summary>Stable ErrorIds: scripts and tests match on these, so they never change once published.</summary>
public static class ErrorIds
{
    public const string InvalidArgument = "LensmorInvalidArgument";
    public const string BadRequest = "LensmorBadRequest";
    public const string Unauthorized = "LensmorUnauthorized";
    public const string PaymentRequired = "LensmorPaymentRequired";
    public const string NotFound = "LensmorNotFound";
    public const string Forbidden = "LensmorForbidden";
    public const string Conflict = "LensmorConflict";
    public const string RateLimited = "LensmorRateLimited";
    public const string ServerError = "LensmorServerError";
    public const string OutcomeUnknown = "LensmorOutcomeUnknown";
    public const string InsufficientCredits = "LensmorInsufficientCredits";
    public const string ActionNotAllowed = "LensmorActionNotAllowed";
    public const string NotConnected = "LensmorNotConnected";
    public const string UnexpectedResponse = "LensmorUnexpectedResponse";
    public const string MaxCreditsExceeded = "LensmorMaxCreditsExceeded";
    public const string SpendLimitExceeded = "LensmorSpendLimitExceeded";
    public const string BudgetExceeded = "LensmorBudgetExceeded";
    public const string JournalUnavailable = "LensmorJournalUnavailable";
    public const string IntentUnsettled = "LensmorIntentUnsettled";
    public const string ConnectionChanged = "LensmorConnectionChanged";
    public const string ConfirmationUnavailable = "LensmorConfirmationUnavailable";
    public const string PlanUnreadable = "LensmorPlanUnreadable";
    public const string PlanEdited = "LensmorPlanEdited";
    public const string PlanExpired = "LensmorPlanExpired";
    public const string PlanAccountMismatch = "LensmorPlanAccountMismatch";
    public const string PlanStale = "LensmorPlanStale";
}
