using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// A paid search has no state to re-read: if an identical search was sent and its outcome is unknown,
/// sending it again could pay twice, so it is sent again only when the user says so (-RetryUnsettled).
/// </summary>
public static class UnsettledSearch
{
    public static void Resolve(PaidAction paid, ILensmorHost host, string target, bool retryUnsettled)
    {
        if (paid.Unsettled is not { } earlier)
        {
            return;
        }

        if (!retryUnsettled)
        {
            throw new LensmorException(ErrorIds.IntentUnsettled, LensmorErrorCategory.ResourceBusy,
                $"An identical search for {target} was sent at {earlier.At:u} and its outcome is unknown: it may have been charged. It was not sent again.",
                "Compare Get-LensmorBalance with Get-LensmorSpendLog -Outcome Unknown. To search again anyway (it may be charged again), add -RetryUnsettled.",
                isTerminating: true, target);
        }

        host.WriteWarning($"Searching again for {target} although an identical search sent at {earlier.At:u} has an unknown outcome (-RetryUnsettled).");
        paid.SettleEarlier(earlier, SpendOutcome.Unknown, null, "superseded by -RetryUnsettled");
    }
}
