using System.Diagnostics;
using System.Globalization;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorRecommendedEvent: POST /external/profile-matching/actions/apply-recommended-events/paged (201).
/// Applies a company profile and streams the recommended events, paged in the JSON body. Free, but each
/// page can take seconds, so progress is written while the pipeline waits.
/// </summary>
public static class RecommendedEventOperation
{
    public const int ProgressActivityId = 4711;
    private const string Route = "external/profile-matching/actions/apply-recommended-events/paged";

    public sealed class Filter
    {
        public string? CompanyUrl { get; set; }
        public string? TargetAudience { get; set; }
        public string? City { get; set; }
        public string? Region { get; set; }
        public string? Country { get; set; }
        public string[]? Category { get; set; }
        public int[]? EventTypeId { get; set; }
        public DateTime? StartFrom { get; set; }
        public DateTime? StartTo { get; set; }

        /// <summary>True sends future = 1 (upcoming events only).</summary>
        public bool Future { get; set; }

        public int? AttendeeCountMin { get; set; }
        public int? AttendeeCountMax { get; set; }
    }

    /// <summary>How often the waiting progress line is refreshed.</summary>
    internal static TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    public static async Task<long> ListAsync(LensmorSession session, ILensmorHost host, Filter filter, PagingOptions paging)
    {
        var (companyUrl, audience) = ExhibitorSearchOperation.ProfileInput(host, filter.CompanyUrl, filter.TargetAudience);
        var city = InputValidation.Text(filter.City, "City", 100, required: false);
        var region = InputValidation.Text(filter.Region, "Region", 100, required: false);
        var country = InputValidation.Text(filter.Country, "Country", 100, required: false);
        var category = InputValidation.TextList(filter.Category, "Category", 200);
        InputValidation.CountRange(filter.AttendeeCountMin, filter.AttendeeCountMax, "AttendeeCountMin", "AttendeeCountMax");
        if (filter.StartFrom > filter.StartTo)
        {
            throw LensmorException.InvalidArgument("-StartFrom is later than -StartTo. Nothing was sent.", filter.StartFrom, "Swap the two dates.");
        }

        if (filter.EventTypeId?.Any(id => id < 1) == true)
        {
            throw LensmorException.InvalidArgument("-EventTypeId values are positive whole numbers. Nothing was sent.", filter.EventTypeId, "Pass event type ids such as 1 or 2.");
        }

        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var target = companyUrl ?? "target audience";
        int? profileVersion = null;
        bool? isStale = null;
        var warnedStale = false;
        var warnedStatus = false;
        var status = "Waiting for Lensmor to match events to the profile";
        var watch = Stopwatch.StartNew();

        var pager = new Pager<RecommendedEventItemDto>(session, host, (page, size) =>
        {
            var body = new Dictionary<string, object> { ["page"] = page, ["pageSize"] = size };
            ExhibitorSearchOperation.AddProfile(body, companyUrl, audience);
            AddIf(body, "city", city);
            AddIf(body, "region", region);
            AddIf(body, "country", country);
            if (category != null)
            {
                body["category"] = category;
            }

            if (filter.EventTypeId is { Length: > 0 } types)
            {
                body["eventTypeIds"] = types;
            }

            AddIf(body, "dateStartFrom", filter.StartFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
            AddIf(body, "dateStartTo", filter.StartTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
            if (filter.Future)
            {
                body["future"] = 1;
            }

            if (filter.AttendeeCountMin is { } min)
            {
                body["attendeeCountMin"] = min;
            }

            if (filter.AttendeeCountMax is { } max)
            {
                body["attendeeCountMax"] = max;
            }

            return new LensmorRequest(HttpMethod.Post, Route, RequestKind.Read, target) { Body = body };
        })
        {
            OnPage = (envelope, page) =>
            {
                profileVersion = envelope.ExtraValue<int?>("profile_version");
                isStale = envelope.ExtraValue<bool?>("is_stale");
                status = $"Page {page} of {envelope.TotalPages?.ToString(CultureInfo.InvariantCulture) ?? "?"} received ({envelope.Total?.ToString(CultureInfo.InvariantCulture) ?? "?"} events); waiting for the next";
                if (isStale == true && !warnedStale)
                {
                    warnedStale = true;
                    host.WriteWarning("Lensmor marks these recommendations as stale (is_stale): they predate the current profile. Run the command again later for fresh results.");
                }

                var state = envelope.ExtraValue<string>("status");
                if (!string.IsNullOrEmpty(state) && !string.Equals(state, "completed", StringComparison.OrdinalIgnoreCase) && !warnedStatus)
                {
                    warnedStatus = true;
                    host.WriteWarning($"Lensmor reports the recommendation status '{state}', not completed; the list may be partial.");
                }
            },
        };

        using var stopTicker = CancellationTokenSource.CreateLinkedTokenSource(host.CancellationToken);
        var ticker = TickAsync(host, () => $"{status} ({watch.Elapsed.TotalSeconds:0} s)", stopTicker.Token);
        try
        {
            return await pager.StreamAsync(paging, pageSize, item => RecommendedEvent.From(item, profileVersion, isStale)).ConfigureAwait(false);
        }
        finally
        {
            stopTicker.Cancel();
            await ticker.ConfigureAwait(false);
            host.WriteProgress(new LensmorProgress(ProgressActivityId, "Get-LensmorRecommendedEvent", "Done", 100, completed: true));
        }
    }

    private static async Task TickAsync(ILensmorHost host, Func<string> status, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                host.WriteProgress(new LensmorProgress(ProgressActivityId, "Get-LensmorRecommendedEvent", status()));
                await Task.Delay(ProgressInterval, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the list is done or the user pressed Ctrl+C.
        }
    }

    private static void AddIf(Dictionary<string, object> body, string key, string value)
    {
        if (value.Length > 0)
        {
            body[key] = value;
        }
    }
}
