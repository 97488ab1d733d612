using Lensmor.Core.Http;

namespace Lensmor.Core.Spending;

/// <summary>
/// What a paid run takes from the session, and nothing more. The session (above) builds it; spending never
/// sees the session.
/// </summary>
/// <param name="Client">The client that sends.</param>
/// <param name="Account">Which account the journal's intents belong to (see LensmorConnection.Account).</param>
/// <param name="SpendLimit">The session's spend limit.</param>
/// <param name="Journal">The intent journal; null when it is switched off.</param>
public sealed record SpendContext(LensmorClient Client, string Account, SpendLimit SpendLimit, IntentJournal? Journal)
{
    /// <summary>The saved plan a run applies (Invoke-LensmorPlan): every journal record of the run names it.</summary>
    public string? PlanId { get; init; }
}
