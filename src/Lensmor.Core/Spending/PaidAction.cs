using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;

namespace Lensmor.Core.Spending;

/// <summary>
/// The gate every paid request goes through: the spend checks before the prompt, the one paid send, and
/// the settlement afterwards. Operations keep their own logic (precheck, prompt text, receipt); this keeps
/// the rules that must hold for all of them in one place.
/// </summary>
public sealed class PaidAction
{
    private readonly LensmorSession session;
    private readonly ILensmorHost host;
    private readonly decimal? maxCredits;
    private readonly List<string> sentTaskIds = new();
    private decimal expected;

    public PaidAction(LensmorSession session, ILensmorHost host, string cmdlet, string action, IEnumerable<string> targetIds, string scope = "", decimal? maxCredits = null)
    {
        if (maxCredits is { } m && m < 0)
        {
            throw LensmorException.InvalidArgument("-MaxCredits cannot be negative.", m, "Pass 0 or more credits.");
        }

        this.session = session;
        this.host = host;
        this.maxCredits = maxCredits;
        Cmdlet = cmdlet;
        Action = action;
        TargetIds = targetIds.ToList();
        Scope = scope;
    }

    public string Cmdlet { get; }
    public string Action { get; }
    public IReadOnlyList<string> TargetIds { get; }
    public string Scope { get; }

    /// <summary>
    /// Step 3 of the protocol: refuse, before any prompt or paid request, a cost above -MaxCredits, above
    /// the session's spend limit, or above the balance. All three are terminating.
    /// </summary>
    public void EnsureAffordable(decimal expectedCredits, decimal? balance, object? target)
    {
        expected = expectedCredits;
        if (maxCredits is { } max && expectedCredits > max)
        {
            throw new LensmorException(ErrorIds.MaxCreditsExceeded, LensmorErrorCategory.QuotaExceeded,
                $"This run would cost {Credits.Format(expectedCredits)} credits, more than -MaxCredits {Credits.Format(max)}. Nothing was sent and nothing was charged.",
                "Raise -MaxCredits if the cost is right, or narrow the run (fewer ids) and try again.",
                isTerminating: true, target);
        }

        session.SpendLimit.EnsureRoomFor(expectedCredits, target);
        if (balance is { } b && expectedCredits > b)
        {
            throw LensmorException.InsufficientCredits(target, expectedCredits, b);
        }
    }

    /// <summary>Step 5: the one paid request. Never retried except after 429 (the client's rule).</summary>
    public Task<LensmorResponse<T>> SendAsync<T>(LensmorRequest request)
        where T : class
    {
        if (request.Kind != RequestKind.Paid)
        {
            throw new InvalidOperationException("PaidAction sends paid requests only.");
        }

        return session.Client.SendAsync<T>(request, host);
    }

    /// <summary>
    /// The paid request was accepted and created an asynchronous task: callers report its id here so that
    /// a pending task can be resumed (polled) rather than created again.
    /// </summary>
    public void Sent(string taskId) => sentTaskIds.Add(taskId);

    /// <summary>Task ids reported through <see cref="Sent"/>, in order.</summary>
    public IReadOnlyList<string> SentTaskIds => sentTaskIds;

    /// <summary>Step 6: what the action really cost; counts against the session's spend limit.</summary>
    public void Settle(decimal charged) => session.SpendLimit.Record(charged);

    public decimal Expected => expected;
}
