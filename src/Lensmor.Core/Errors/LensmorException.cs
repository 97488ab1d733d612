namespace Lensmor.Core.Errors;

/// <summary>
/// Every failure Core reports. The module turns it into an ErrorRecord with the same ErrorId, category,
/// target and recommended action; scripts can also catch it by type.
/// </summary>
public sealed class LensmorException : Exception
{
    public LensmorException(
        string errorId,
        LensmorErrorCategory category,
        string message,
        string recommendedAction,
        bool isTerminating,
        object? targetObject = null,
        int? statusCode = null,
        string? traceId = null,
        string? errorKey = null,
        Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
        RecommendedAction = recommendedAction;
        IsTerminating = isTerminating;
        TargetObject = targetObject;
        StatusCode = statusCode;
        TraceId = traceId;
        ErrorKey = errorKey;
    }

    public string ErrorId { get; }
    public LensmorErrorCategory Category { get; }
    public string RecommendedAction { get; }
    public bool IsTerminating { get; }
    public object? TargetObject { get; }
    public int? StatusCode { get; }
    public string? TraceId { get; }
    public string? ErrorKey { get; }

    /// <summary>
    /// What makes errors of different targets the same failure (a piped Lensmor.Event where a PersonnelId was
    /// wanted, whatever the event): the module tells such errors once with a count, not once per item. Null: only
    /// errors with the same id, message and advice count as the same.
    /// </summary>
    public string? Cause { get; internal set; }

    public static LensmorException InvalidArgument(string message, object? target, string recommendedAction) =>
        new(ErrorIds.InvalidArgument, LensmorErrorCategory.InvalidArgument, message, recommendedAction, isTerminating: false, target);

    public static LensmorException InsufficientCredits(object? target, decimal expected, decimal balance) =>
        new(ErrorIds.InsufficientCredits, LensmorErrorCategory.QuotaExceeded,
            $"This needs {Credits.Format(expected)} credits but the balance is {Credits.Format(balance)}. Nothing was sent and nothing was charged.",
            "Add credits in Lensmor (Settings > Billing) or choose fewer targets, then run the command again.",
            isTerminating: true, target);
}
