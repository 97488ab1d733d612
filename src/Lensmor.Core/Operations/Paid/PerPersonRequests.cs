using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// The send step the per-person paid actions without a published price share (LinkedIn activity, outreach):
/// one paid request per batch after the run's single confirmation, each held to the caps by what the balance
/// moved (<see cref="PaidSender.Meter"/>).
/// </summary>
internal static class PerPersonRequests
{
    /// <summary>
    /// Sends one paid request per batch. A per-item error is written and the run goes on; a terminating one
    /// stops the sending and is returned in <see cref="Sent.Failure"/>, so that the rows already made are still
    /// reported before it is thrown.
    /// </summary>
    public static async Task<(Sent Sent, List<TRow> Rows)> SendAsync<TResponse, TRow>(
        PaidSender sender, string route, List<(string EventId, List<string> Ids)> batches,
        Func<string, List<string>, Dictionary<string, object>> body,
        Func<TResponse, string, List<string>, IEnumerable<TRow>> toRows)
        where TResponse : class
        where TRow : class
    {
        var rows = new List<TRow>();
        string? traceId = null;
        var queue = new LinkedList<(string EventId, List<string> Ids)>(batches);
        var meter = sender.Meter;
        var balance = sender.BalanceBefore;
        LensmorException? failure = null;
        while (failure == null && queue.First is { } node)
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
                    failure = refusal;
                    break;
                }
            }

            try
            {
                var request = new LensmorRequest(HttpMethod.Post, route, RequestKind.Paid, eventId) { SendsCallSource = true, Body = body(eventId, ids) };
                var response = await sender.SendAsync<TResponse>(request).ConfigureAwait(false);
                traceId = response.TraceId;
                rows.AddRange(toRows(response.Value, eventId, ids));
            }
            catch (LensmorException e) when (e.IsTerminating)
            {
                failure = e;
                break;
            }
            catch (LensmorException e)
            {
                sender.Host.WriteError(e);
                continue;
            }

            if (meter is { Measures: true })
            {
                var after = await sender.ReadBalanceAsync().ConfigureAwait(false);
                if (balance is { } b && after is { } a)
                {
                    meter.Record(b - a, ids.Count);
                }

                balance = after;
            }
        }

        var sent = new Sent(meter?.Spent ?? 0) { TraceId = traceId, Failure = failure };
        sent.Rows.AddRange(rows);
        return (sent, rows);
    }

    /// <summary>One warning naming the people whose request did not start; null when there are none.</summary>
    public static string? Failures<TRow>(IReadOnlyCollection<TRow> rows, Func<TRow, bool> failed, Func<TRow, string> describe, string what)
    {
        var failures = rows.Where(failed).ToList();
        return failures.Count == 0
            ? null
            : $"{failures.Count} of {rows.Count} {what}: " + string.Join(", ", failures.Take(10).Select(describe)) + (failures.Count > 10 ? ", ..." : "") + ".";
    }
}
