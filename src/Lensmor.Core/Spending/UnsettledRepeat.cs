using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// Paid calls that are charged every time (searches, outreach generation) have no state to re-read: if an
/// identical call was sent and its outcome is unknown, sending it again could pay twice, so it is sent
/// again only when the user says so (-RetryUnsettled).
/// </summary>
public static class UnsettledRepeat
{
    /// <param name="what">The call, for messages: "search", "outreach request".</param>
    public static void Resolve(PaidAction paid, ILensmorHost host, string target, bool retryUnsettled, string what)
    {
        paid.ResumeAdvice = $"Running the same command again refuses to pay a second time unless you add -RetryUnsettled (the {what} may be charged again).";
        if (paid.Unsettled is not { } earlier)
        {
            return;
        }

        if (!retryUnsettled)
        {
            throw new LensmorException(ErrorIds.IntentUnsettled, LensmorErrorCategory.ResourceBusy,
                $"An identical {what} for {target} was sent at {earlier.At:u} and its outcome is unknown: it may have been charged. It was not sent again.",
                $"Compare Get-LensmorBalance with Get-LensmorSpendLog -Outcome Unknown. To send the {what} again anyway (it may be charged again), add -RetryUnsettled.",
                isTerminating: true, target);
        }

        host.WriteWarning($"The {what} for {target} will be sent again although an identical one sent at {earlier.At:u} has an unknown outcome (-RetryUnsettled).");
        paid.Supersede(earlier);
    }
}
