using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations;

/// <summary>
/// Streams a paged list: each page's items are written as they arrive while the next page is already on
/// its way; -First stops the requests; nothing holds more than the page in hand and the one in flight.
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

    /// <summary>Called once per page with the envelope (semantics, totals) before its items are written.</summary>
    public Action<PageDto<TItem>, int>? OnPage { get; set; }

    /// <returns>The number of items written.</returns>
    public async Task<long> StreamAsync(PagingOptions paging, int pageSize, Func<TItem, object> toOutput)
    {
        if (paging.First == 0)
        {
            return 0;
        }

        var page = (int)(paging.Skip / (ulong)pageSize) + 1;
        var dropFromFirstPage = (int)(paging.Skip % (ulong)pageSize);
        var limit = paging.First ?? ulong.MaxValue;
        ulong written = 0;
        var current = FetchAsync(page, pageSize, null);

        while (true)
        {
            var response = await current.ConfigureAwait(false);
            var envelope = response.Value;
            var items = envelope.Items ?? new List<TItem>();
            if (written == 0 && paging.IncludeTotalCount && envelope.Total is { } total)
            {
                host.WriteTotalCount(total);
            }

            OnPage?.Invoke(envelope, page);

            var usable = (ulong)Math.Max(0, items.Count - dropFromFirstPage);
            var hasMore = envelope.HasMore ?? (items.Count >= pageSize);
            var wantMore = hasMore && written + usable < limit && items.Count > 0;
            Task<LensmorResponse<PageDto<TItem>>>? next = wantMore ? FetchAsync(page + 1, pageSize, response) : null;

            for (var i = dropFromFirstPage; i < items.Count && written < limit; i++)
            {
                host.WriteObject(toOutput(items[i]));
                written++;
            }

            dropFromFirstPage = 0;
            if (next == null)
            {
                return (long)written;
            }

            current = next;
            page++;
        }
    }

    private async Task<LensmorResponse<PageDto<TItem>>> FetchAsync(int page, int pageSize, LensmorResponse<PageDto<TItem>>? previous)
    {
        await RespectRateLimitAsync(previous).ConfigureAwait(false);
        if (fetchPage != null)
        {
            return await fetchPage(page, pageSize).ConfigureAwait(false);
        }

        return await session.Client.SendAsync<PageDto<TItem>>(requestForPage!(page, pageSize), host).ConfigureAwait(false);
    }

    /// <summary>Prefetching must never outrun the rate limit: with no requests left, wait for the window.</summary>
    private async Task RespectRateLimitAsync<T>(LensmorResponse<T>? previous)
    {
        if (previous?.RateLimitRemaining is { } remaining && remaining <= 0 && previous.RateLimitReset is { } reset)
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                host.WriteVerbose($"The rate limit window is used up; waiting {wait.TotalSeconds:0.0} s before the next page.");
                await Task.Delay(wait < TimeSpan.FromSeconds(60) ? wait : TimeSpan.FromSeconds(60), host.CancellationToken).ConfigureAwait(false);
            }
        }
    }
}
