namespace Lensmor.Core.Spending;

/// <summary>How a paid action ended, as the spend log records it.</summary>
public enum SpendOutcome
{
    /// <summary>Sent and charged (possibly less than expected).</summary>
    Charged,

    /// <summary>Nothing to pay: already unlocked, nothing chargeable, or an empty search.</summary>
    Free,

    /// <summary>Refused before sending: short balance, -MaxCredits, the session's spend limit, or a precheck.</summary>
    Refused,

    /// <summary>Sent and rejected (402, 400, 404...): nothing charged.</summary>
    Failed,

    /// <summary>Sent, but no answer came back: the charge may or may not have been applied.</summary>
    Unknown,
}
