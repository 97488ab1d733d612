using Lensmor.Core.Session;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// The sending and settling that the per-person paid actions share: one paid request per batch after the
/// run's single confirmation (LinkedIn activity, outreach), then what the balance moved as the receipt (those
/// two and the contact unlocks).
/// </summary>
internal static class PerPersonRequests
{
    /// <summary>
    /// Sends one paid request per batch. A per-item error is written and the run goes on; a terminating one
    /// stops the sending and is returned, so that the rows already made are still reported before it is thrown.
    /// The rows are written by the caller after the run is settled (see <see cref="SettleAsync"/>).
    /// </summary>
    public static async Task<(List<TRow> Rows, LensmorException? Failure, string? TraceId)> SendAsync<TResponse, TRow>(
        PaidAction paid, ILensmorHost host, string route, List<(string EventId, List<string> Ids)> batches,
        Func<string, List<string>, Dictionary<string, object>> body,
        Func<TResponse, string, List<string>, IEnumerable<TRow>> toRows,
        SpendMeter? meter = null, LensmorSession? session = null, decimal? before = null)
        where TResponse : class
    {
        var rows = new List<TRow>();
        string? traceId = null;
        var queue = new LinkedList<(string EventId, List<string> Ids)>(batches);
        var balance = before;
        while (queue.First is { } node)
        {
            queue.RemoveFirst();
            var (eventId, ids) = node.Value;
            if (meter != null)
            {
                // Without a published price: a probe of one person first, and never a request that could cross the cap.
                var size = meter.NextSize(ids.Count);
                if (size < ids.Count)
                {
                    queue.AddFirst((eventId, ids.Skip(size).ToList()));
                    ids = ids.Take(size).ToList();
                }

                if (meter.Refusal(ids.Count, ids.Count + queue.Sum(b => b.Ids.Count)) is { } refusal)
                {
                    return (rows, refusal, traceId);
                }
            }

            LensmorResponse<TResponse> response;
            try
            {
                var request = new LensmorRequest(HttpMethod.Post, route, RequestKind.Paid, eventId) { SendsCallSource = true, Body = body(eventId, ids) };
                response = await paid.SendAsync<TResponse>(request).ConfigureAwait(false);
            }
            catch (LensmorException e) when (e.IsTerminating)
            {
                return (rows, e, traceId);
            }
            catch (LensmorException e)
            {
                host.WriteError(e);
                continue;
            }

            traceId = response.TraceId;
            rows.AddRange(toRows(response.Value, eventId, ids));
            if (meter is { Measures: true } && session != null)
            {
                var after = await CreditBalance.TryReadAfterSendAsync(session.Client, host).ConfigureAwait(false);
                if (balance is { } b && after is { } a)
                {
                    meter.Record(b - a, ids.Count);
                }

                balance = after;
            }
        }

        return (rows, null, traceId);
    }

    /// <summary>Refreshes the balance, settles the intent with what it moved, and writes the receipt.</summary>
    /// <param name="expectedSent">What the requests that went out should have cost; used when the balance cannot be read.</param>
    /// <param name="mayReach">When a request's answer was lost: the most the run may have cost; anything from expectedSent up to it is no surprise.</param>
    /// <param name="warnOnlyAbove">True when the expected cost is an upper bound (people already done are free).</param>
    /// <remarks>The run is settled before its rows are written: the pipeline may stop taking them (Select-Object -First).</remarks>
    public static async Task<decimal?> SettleAsync<TRow>(
        LensmorSession session, ILensmorHost host, PaidAction paid, string action, string target, decimal? expected, decimal expectedSent, decimal? before, string? traceId, bool warnOnlyAbove,
        IEnumerable<TRow> rows, decimal? mayReach = null)
    {
        var after = await CreditBalance.TryReadAfterSendAsync(session.Client, host).ConfigureAwait(false);
        var charged = before - after;
        paid.Settle(charged ?? expectedSent, after, traceId);
        var receipt = new SpendReceipt
        {
            Action = action, Target = target, ExpectedCredits = expected, ChargedCredits = charged,
            BalanceBefore = before, BalanceAfter = after, TraceId = traceId, CompletedAt = Timestamps.Iso(DateTimeOffset.UtcNow),
        };
        host.WriteInformation(receipt, "Lensmor", "Receipt");
        host.WriteVerbose(receipt.ToString());
        foreach (var row in rows)
        {
            host.WriteObject(row!);
        }

        if (charged is { } measured && mayReach is { } most && measured >= expectedSent && measured <= most)
        {
            return charged;
        }

        if (expected == null)
        {
            // No published price: what the balance moved is the only figure, and nothing to compare it with.
            host.WriteVerbose($"{target}: the balance moved by {Credits.Format(charged)} credits (Lensmor publishes no price for this action).");
        }
        else if (charged is { } moved && (warnOnlyAbove ? moved > expected : moved != expectedSent))
        {
            host.WriteWarning($"{target}: expected {(warnOnlyAbove ? "at most " : string.Empty)}{Credits.Format(warnOnlyAbove ? expected : expectedSent)} credits but the balance moved by {Credits.Format(moved)}. The charge Lensmor applied is the billing truth.");
        }

        return charged;
    }

    /// <summary>One warning naming the people whose request did not start.</summary>
    public static void WarnAboutFailures<TRow>(ILensmorHost host, IReadOnlyCollection<TRow> rows, Func<TRow, bool> failed, Func<TRow, string> describe, string what)
    {
        var failures = rows.Where(failed).ToList();
        if (failures.Count > 0)
        {
            host.WriteWarning($"{failures.Count} of {rows.Count} {what}: " +
                              string.Join(", ", failures.Take(10).Select(describe)) + (failures.Count > 10 ? ", ..." : "") + ".");
        }
    }
}
