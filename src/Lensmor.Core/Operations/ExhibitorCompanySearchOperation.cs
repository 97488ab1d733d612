using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>
/// Search-LensmorExhibitor: POST /external/exhibitors/search-by-company-name, a precision-first company
/// lookup. Each call (each page) costs 50 credits when it finds something and nothing when it does not, so
/// one call fetches exactly one page. The 0.24.3 precheck has no action type for this search, so the list
/// price and the balance decide before the prompt.
/// </summary>
public static class ExhibitorCompanySearchOperation
{
    public const decimal ListPrice = 50;

    public static async Task RunAsync(LensmorSession session, ILensmorHost host, string? rawCompanyName, int page = 1, int pageSize = 20, decimal? maxCredits = null)
    {
        // 1. Validate locally.
        var companyName = InputValidation.Text(rawCompanyName, "CompanyName", InputValidation.CompanyNameMaxLength, required: true);
        InputValidation.Paging(page, pageSize);
        var target = $"company '{companyName}'";

        // 2-3. No precheck type exists: the list price against -MaxCredits, the spend limit and the balance.
        var expected = ListPrice;
        var before = (await BalanceOperation.GetAsync(session, host).ConfigureAwait(false)).TotalBalance;
        using var paid = new PaidAction(session, host, "Search-LensmorExhibitor", "SearchExhibitorsByCompanyName", new[] { companyName }, $"page {page}/{pageSize}", maxCredits);
        paid.EnsureAffordable(expected, before, companyName);

        // 4. Ask.
        var action = $"Search exhibitors by company name, page {page}, for up to {Credits.Format(expected)} credits, charged only if something is found (balance {Credits.Format(before)} -> {Credits.Format(before - expected)})";
        if (!host.ShouldProcess(target, action))
        {
            return;
        }

        // 5. One paid request.
        var request = new LensmorRequest(HttpMethod.Post, "external/exhibitors/search-by-company-name", RequestKind.Paid, companyName)
        {
            SendsCallSource = true,
            Body = new Dictionary<string, object> { ["company_name"] = companyName, ["page"] = page, ["pageSize"] = pageSize },
        };
        var response = await paid.SendAsync<PageDto<ExhibitorItemDto>>(request).ConfigureAwait(false);
        var items = response.Value.Items ?? new List<ExhibitorItemDto>();
        foreach (var item in items)
        {
            host.WriteObject(Exhibitor.From(item));
        }

        // 6. Refresh the balance and report what it moved.
        var after = await BalanceOperation.TryRefreshAsync(session, host).ConfigureAwait(false);
        var charged = before - after;
        paid.Settle(charged ?? (items.Count > 0 ? expected : 0));
        var receipt = new SpendReceipt
        {
            Action = "SearchExhibitorsByCompanyName",
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
            host.WriteVerbose($"No exhibitors matched {target}; an empty result is not charged (the balance moved by {Credits.Format(charged)}).");
        }
        else if (charged is { } c && c != expected)
        {
            host.WriteWarning($"{target}: expected {Credits.Format(expected)} credits but the balance moved by {Credits.Format(c)} (traceId {response.TraceId ?? "none"}).");
        }

        if (response.Value.HasMore == true)
        {
            host.WriteWarning($"Page {page} of {response.Value.TotalPages?.ToString() ?? "?"} ({response.Value.Total?.ToString() ?? "?"} exhibitors in all). Each further page is another paid search: add -Page {page + 1} to read it.");
        }
    }
}
