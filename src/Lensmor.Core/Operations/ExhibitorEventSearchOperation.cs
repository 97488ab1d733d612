using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>
/// Search-LensmorExhibitorEvents: POST /external/exhibitors/search-events. Each call (each page) costs up to
/// 50 credits and, from 0.24, nothing when it finds nothing, so one call fetches exactly one page and the
/// receipt reports what the balance actually moved.
/// </summary>
public static class ExhibitorEventSearchOperation
{
    public const decimal ListPrice = 50;

    public static async Task RunAsync(LensmorSession session, ILensmorHost host, string? rawCompanyName, int page = 1, int pageSize = 20, RunBudget? budget = null, bool retryUnsettled = false)
    {
        var companyName = InputValidation.Text(rawCompanyName, "CompanyName", InputValidation.CompanyNameMaxLength, required: true);
        InputValidation.Paging(page, pageSize);
        var target = $"company '{companyName}'";

        var precheck = await PrecheckOperation.RunAsync(session, host, PrecheckActionTypes.SearchExhibitorEvents,
            new Dictionary<string, object> { ["company_name"] = companyName }, companyName).ConfigureAwait(false);
        var expected = PrecheckOperation.ExpectedCost(precheck, ListPrice);
        var before = (await BalanceOperation.GetAsync(session, host).ConfigureAwait(false)).TotalBalance;
        using var paid = new PaidAction(session, host, "Search-LensmorExhibitorEvents", "SearchExhibitorEvents", new[] { companyName }, $"page {page}/{pageSize}", budget?.Remaining);
        UnsettledSearch.Resolve(paid, host, target, retryUnsettled);
        if (precheck.ReasonCode == PrecheckReasons.InsufficientBalance)
        {
            throw LensmorException.InsufficientCredits(companyName, expected, before ?? 0);
        }

        paid.EnsureAffordable(expected, before, companyName);

        if (precheck.Allowed == false)
        {
            throw PrecheckDenial.ToError(precheck, target);
        }

        var action = $"Search events by exhibitor company name, page {page}, for up to {Credits.Format(expected)} credits, charged only if something is found (balance {Credits.Format(before)} -> {Credits.Format(before - expected)})";
        if (!host.ShouldProcess(target, action))
        {
            if (host.IsWhatIf)
            {
                budget?.Commit(expected);
            }

            return;
        }

        budget?.Commit(expected);

        var request = new LensmorRequest(HttpMethod.Post, "external/exhibitors/search-events", RequestKind.Paid, companyName)
        {
            SendsCallSource = true,
            Body = new Dictionary<string, object> { ["company_name"] = companyName, ["page"] = page, ["pageSize"] = pageSize },
        };
        var response = await paid.SendAsync<PageDto<EventReverseSearchItemDto>>(request).ConfigureAwait(false);
        var items = response.Value.Items ?? new List<EventReverseSearchItemDto>();
        foreach (var item in items)
        {
            host.WriteObject(ToMatch(item, companyName));
        }

        var after = await BalanceOperation.TryRefreshAsync(session, host).ConfigureAwait(false);
        var charged = before - after;
        paid.Settle(charged ?? (items.Count > 0 ? expected : 0), after, response.TraceId);
        var receipt = new SpendReceipt
        {
            Action = "SearchExhibitorEvents",
            Target = companyName,
            ExpectedCredits = expected,
            CreditsCharged = charged,
            BalanceBefore = before,
            BalanceAfter = after,
            TraceId = response.TraceId,
            CompletedAt = DateTimeOffset.UtcNow,
        };
        host.WriteInformation(receipt, "Lensmor", "Receipt");
        host.WriteVerbose(receipt.ToString());

        if (items.Count == 0)
        {
            host.WriteVerbose($"No events matched {target}; an empty result is not charged (the balance moved by {Credits.Format(charged)}).");
        }
        else if (charged is { } c && c != expected)
        {
            host.WriteWarning($"{target}: expected {Credits.Format(expected)} credits but the balance moved by {Credits.Format(c)} (traceId {response.TraceId ?? "none"}).");
        }

        if (response.Value.HasMore == true)
        {
            host.WriteWarning($"Page {page} of {response.Value.TotalPages?.ToString() ?? "?"} ({response.Value.Total?.ToString() ?? "?"} events in all). Each further page is another paid search: add -Page {page + 1} to read it.");
        }
    }

    public static ExhibitorEventMatch ToMatch(EventReverseSearchItemDto item, string companyName)
    {
        var matched = item.MatchedExhibitors ?? new List<MatchedExhibitorDto>();
        return new ExhibitorEventMatch
        {
            EventId = item.PreferredId ?? string.Empty,
            Name = item.Name,
            DateStart = item.DateStart,
            DateEnd = item.DateEnd,
            City = item.City,
            Region = item.Region,
            Country = item.Country,
            Venue = item.Venue,
            Url = item.Url,
            ExhibitorCount = item.ExhibitorCount,
            HasVisitors = item.HasVisitors,
            SponsorMatchStarred = item.SponsorMatchStarred is { } s ? s == 1 : null,
            MatchedExhibitorCount = matched.Count,
            MatchedExhibitorIds = string.Join("; ", matched.Select(m => m.Id ?? string.Empty)),
            MatchedCompanyNames = string.Join("; ", matched.Select(m => m.CompanyName ?? string.Empty)),
            SearchedCompanyName = companyName,
        };
    }
}
