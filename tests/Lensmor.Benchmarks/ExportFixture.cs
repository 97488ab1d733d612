using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;
using Newtonsoft.Json;

namespace Lensmor.Benchmarks;

/// <summary>A sandbox with every event unlocked, and the two ways of exporting its people.</summary>
internal sealed class ExportFixture : IAsyncDisposable
{
    public const int PageSize = 50;
    private readonly SandboxServer server;
    private readonly LensmorSession session;
    private readonly HttpClient raw;
    private readonly JsonSerializer serializer = JsonSerializer.CreateDefault();

    private ExportFixture(SandboxServer server)
    {
        this.server = server;
        session = new LensmorSession(ApiKey.Parse(server.ApiKey, ApiKeySource.Parameter), new LensmorConnectionOptions { BaseUri = server.BaseUri.ToString() });
        raw = new HttpClient { BaseAddress = server.BaseUri };
        raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.ApiKey);
        Events = Enumerable.Range(0, server.World.EventCount).Select(server.World.EventIdAt).ToList();
        foreach (var eventId in Events)
        {
            server.World.MarkEventUnlocked(eventId);
        }
    }

    public IReadOnlyList<string> Events { get; }

    public SandboxServer Server => server;

    public static async Task<ExportFixture> StartAsync(int latencyMs) =>
        new(await SandboxServer.StartAsync(new SandboxOptions { LatencyMs = latencyMs, RateLimited = false }));

    public static async Task<ExportFixture> StartRateLimitedAsync(int ratePerSecond, int burst) =>
        new(await SandboxServer.StartAsync(new SandboxOptions { RateLimitPerSecond = ratePerSecond, RateLimitBurst = burst }));

    /// <summary>The events that together hold at least this many people, from the first.</summary>
    public IReadOnlyList<string> EventsFor(int records)
    {
        var chosen = new List<string>();
        var total = 0;
        foreach (var eventId in Events)
        {
            if (total >= records)
            {
                break;
            }

            chosen.Add(eventId);
            total += server.World.PersonnelIdsOfEvent(eventId, int.MaxValue).Count;
        }

        return chosen;
    }

    /// <summary>The requests a whole-event export of these events takes at <see cref="PageSize"/>.</summary>
    public int PagesOf(IEnumerable<string> events) => events.Sum(e => Math.Max(1, (server.World.PersonnelIdsOfEvent(e, int.MaxValue).Count + PageSize - 1) / PageSize));

    /// <summary>
    /// What a user writes without the module: one page after another, and after a 429 the Retry-After it asks
    /// for (Invoke-RestMethod -MaximumRetryCount does the same).
    /// </summary>
    public async Task<long> RawLoopWithRetriesAsync(IReadOnlyList<string> events)
    {
        long count = 0;
        foreach (var eventId in events)
        {
            for (var page = 1; ; page++)
            {
                using var response = await raw.GetAsync($"external/personnel/list?event_id={eventId}&page={page}&pageSize={PageSize}", HttpCompletionOption.ResponseHeadersRead);
                if ((int)response.StatusCode == 429)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    page--;
                    continue;
                }

                response.EnsureSuccessStatusCode();
                using var stream = await response.Content.ReadAsStreamAsync();
                using var reader = new JsonTextReader(new StreamReader(stream));
                var envelope = serializer.Deserialize<PageDto<ContactItemDto>>(reader)!;
                count += envelope.Items?.Count ?? 0;
                if (envelope.HasMore != true)
                {
                    break;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// Events piped into Get-LensmorPersonnel as the cmdlet runs them now: up to throttleLimit events read ahead,
    /// written in input order on the calling (pipeline) thread.
    /// </summary>
    public long PipedEvents(IReadOnlyList<string> events, int throttleLimit)
    {
        var pipeline = new CountingPipeline();
        using var ordered = new OrderedPipeline(pipeline, CancellationToken.None, throttleLimit, e => throw e);
        foreach (var eventId in events)
        {
            ordered.Add(host => PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId }, new PagingOptions()));
        }

        ordered.Complete();
        return pipeline.Count;
    }

    /// <summary>
    /// The module inside ForEach-Object -Parallel -ThrottleLimit n: n workers, each running one event at a time
    /// through its own pipeline, in no particular order.
    /// </summary>
    public long ParallelWorkers(IReadOnlyList<string> events, int workers)
    {
        var next = -1;
        long count = 0;
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < events.Count)
            {
                var pipeline = new CountingPipeline();
                var eventId = events[index];
                PipelineBridge.Run(pipeline, CancellationToken.None,
                    host => PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId }, new PagingOptions()));
                Interlocked.Add(ref count, pipeline.Count);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return count;
    }

    /// <summary>The baseline: HttpClient and Newtonsoft over the same pages, one after another.</summary>
    public async Task<long> RawLoopAsync(int records)
    {
        long count = 0;
        foreach (var eventId in Events)
        {
            for (var page = 1; count < records; page++)
            {
                using var response = await raw.GetAsync($"external/personnel/list?event_id={eventId}&page={page}&pageSize={PageSize}", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                using var stream = await response.Content.ReadAsStreamAsync();
                using var reader = new JsonTextReader(new StreamReader(stream));
                var envelope = serializer.Deserialize<PageDto<ContactItemDto>>(reader)!;
                var items = envelope.Items ?? new List<ContactItemDto>();
                count += Math.Min(items.Count, records - count);
                if (envelope.HasMore != true)
                {
                    break;
                }
            }

            if (count >= records)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>
    /// The module's paging operation as Get-LensmorPersonnel runs it: through the pipeline bridge, whose
    /// calling thread takes every object, as the PowerShell pipeline thread would.
    /// </summary>
    public Task<long> ModuleAsync(int records, int prefetch)
    {
        var pipeline = new CountingPipeline();
        PipelineBridge.Run(pipeline, CancellationToken.None, async host =>
        {
            // Counted where the objects are produced: the pipeline's own count lags by what is still queued.
            long written = 0;
            foreach (var eventId in Events)
            {
                var left = records - written;
                if (left <= 0)
                {
                    break;
                }

                written += await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId },
                    new PagingOptions { PageSize = PageSize, First = (ulong)left, Prefetch = prefetch });
            }
        });
        return Task.FromResult(pipeline.Count);
    }

    public async ValueTask DisposeAsync()
    {
        raw.Dispose();
        session.Dispose();
        await server.DisposeAsync();
    }

    private sealed class CountingPipeline : FakeHost
    {
        private long count;

        public long Count => Interlocked.Read(ref count);
        public override bool ShouldProcess(string target, string action) => false;
        public override void WriteObject(object item) => Interlocked.Increment(ref count);
        public override void WriteError(LensmorException error) => throw error;
    }
}
