using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Streams a paged list: each page's items are written as they arrive while the next pages are already on
/// their way (at most <see cref="PagingOptions.Prefetch"/> of them); -First stops the requests; nothing holds
/// more than the page in hand and those in flight.
/// </summary>
public sealed class Pager<TItem>
    where TItem : class
{
    private readonly LensmorSession session;
    private readonly ILensmorHost host;
    private readonly Func<int, int, LensmorRequest>? requestForPage;
    private readonly Func<int, int, Task<LensmorResponse<PageDto<TItem>>>>? fetchPage;

    /// <param name="requestForPage">Builds the request for (page, pageSize).</param>
    public Pager(LensmorSession session, ILensmorHost host, Func<int, int, LensmorRequest> requestForPage)
    {
        this.session = session;
        this.host = host;
        this.requestForPage = requestForPage;
    }

    /// <param name="fetchPage">Fetches (page, pageSize) itself: for routes that nest the page (by-linkedin's events).</param>
    public Pager(LensmorSession session, ILensmorHost host, Func<int, int, Task<LensmorResponse<PageDto<TItem>>>> fetchPage)
    {
        this.session = session;
        this.host = host;
        this.fetchPage = fetchPage;
    }

    public const int ProgressActivityId = 4713;

    /// <summary>
    /// The progress bar's activity for a long list whose total is known (more than two pages); null shows none.
    /// </summary>
    public string? ProgressActivity { get; set; }

    /// <summary>Called once per page with the envelope (semantics, totals) before its items are written.</summary>
    public Action<PageDto<TItem>, int>? OnPage { get; set; }

    /// <returns>The number of items written.</returns>
    public async Task<long> StreamAsync(PagingOptions paging, int pageSize, Func<TItem, object> toOutput)
    {
        if (paging.First == 0)
        {
            return 0;
        }

        var firstPage = (int)(paging.Skip / (ulong)pageSize) + 1;
        var dropFromFirstPage = (int)(paging.Skip % (ulong)pageSize);
        var limit = paging.First ?? ulong.MaxValue;

        // The last page -First can need; beyond it nothing is requested.
        var lastNeeded = paging.First is { } f ? (int)Math.Min(int.MaxValue, (paging.Skip + f + (ulong)pageSize - 1) / (ulong)pageSize) : int.MaxValue;
        var inFlight = new Queue<Task<LensmorResponse<PageDto<TItem>>>>();
        var nextToRequest = firstPage + 1;
        var page = firstPage;
        ulong written = 0;
        ulong? expected = null;
        inFlight.Enqueue(FetchAsync(firstPage, pageSize));

        try
        {
            while (inFlight.Count > 0)
            {
                var response = await inFlight.Dequeue().ConfigureAwait(false);
                var envelope = response.Value;
                var items = envelope.Items ?? new List<TItem>();
                if (page == firstPage && envelope.Total is { } total)
                {
                    if (paging.IncludeTotalCount)
                    {
                        host.WriteTotalCount(total);
                    }

                    var left = total > (long)paging.Skip ? (ulong)total - paging.Skip : 0;
                    if (ProgressActivity != null && Math.Min(left, limit) > 2 * (ulong)pageSize)
                    {
                        // Shown as soon as the total is known: writing the first page can take long when the
                        // next command in the pipeline is slow (Get-LensmorEvent | Get-LensmorPersonnel).
                        expected = Math.Min(left, limit);
                        host.WriteProgress(new LensmorProgress(ProgressActivityId, ProgressActivity, $"0 of {expected:N0}", 0));
                    }
                }

                OnPage?.Invoke(envelope, page);
                var hasMore = items.Count > 0 && (envelope.HasMore ?? items.Count >= pageSize);
                if (!hasMore)
                {
                    // This page is the last: drop any page requested past it.
                    inFlight.Clear();
                    nextToRequest = int.MaxValue;
                }
                else
                {
                    // With totalPages known, keep up to Prefetch pages in flight; otherwise only the next one.
                    var lastKnown = envelope.TotalPages is { } pages && pages > 0 ? pages : page + 1;
                    var last = Math.Min(lastNeeded, lastKnown);
                    var depth = Math.Max(1, paging.Prefetch);
                    while (inFlight.Count < depth && nextToRequest <= last && nextToRequest > page)
                    {
                        inFlight.Enqueue(FetchAsync(nextToRequest++, pageSize));
                    }
                }

                // Sequential paging (Prefetch 0) writes first and fetches after.
                if (paging.Prefetch == 0 && inFlight.Count > 0)
                {
                    var next = inFlight.Dequeue();
                    await Write(items).ConfigureAwait(false);
                    inFlight.Enqueue(next);
                }
                else
                {
                    await Write(items).ConfigureAwait(false);
                }

                if (expected is { } all)
                {
                    host.WriteProgress(new LensmorProgress(ProgressActivityId, ProgressActivity!, $"{Math.Min(written, all):N0} of {all:N0}", (int)(Math.Min(written, all) * 100 / all)));
                }

                dropFromFirstPage = 0;
                page++;
                if (written >= limit)
                {
                    break;
                }
            }
        }
        finally
        {
            if (expected != null && !host.CancellationToken.IsCancellationRequested)
            {
                // Every bar is completed when its work ends, however it ends.
                host.WriteProgress(new LensmorProgress(ProgressActivityId, ProgressActivity!, "Done", 100, completed: true));
            }

            foreach (var abandoned in inFlight)
            {
                // Pages requested but no longer wanted: observe their outcome so nothing goes unobserved.
                _ = abandoned.ContinueWith(t => t.Exception, TaskScheduler.Default);
            }
        }

        return (long)written;

        Task Write(List<TItem> items)
        {
            for (var i = dropFromFirstPage; i < items.Count && written < limit; i++)
            {
                host.WriteObject(toOutput(items[i]));
                written++;
            }

            return Task.CompletedTask;
        }
    }

    private Task<LensmorResponse<PageDto<TItem>>> FetchAsync(int page, int pageSize) =>
        fetchPage != null ? fetchPage(page, pageSize) : session.Client.SendAsync<PageDto<TItem>>(requestForPage!(page, pageSize), host);
}
