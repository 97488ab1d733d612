using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Search-LensmorExhibitor: POST /external/exhibitors/search-by-company-name, a precision-first company
/// lookup. Each call (each page) costs 50 credits when it finds something and nothing when it does not, so
/// one call fetches exactly one page. The 0.24.3 precheck has no action type for this search, so the list
/// price and the balance decide before the prompt.
/// </summary>
public static class ExhibitorCompanySearchOperation
{
    public const decimal ListPrice = PaidCompanySearch<ExhibitorItemDto>.ListPrice;

    private static readonly CompanySearchKind<ExhibitorItemDto> Search = new(
        "Search-LensmorExhibitor", "SearchExhibitorsByCompanyName", "external/exhibitors/search-by-company-name", "exhibitors",
        PrecheckAction: null, (item, _) => Exhibitor.From(item));

    /// <summary>A run of one company name.</summary>
    public static Task RunAsync(LensmorSession session, ILensmorHost host, string? rawCompanyName, int page = 1, int pageSize = 20, decimal? maxCredits = null, bool retryUnsettled = false) =>
        Search.RunAsync(session, host, new[] { rawCompanyName }, page, pageSize, maxCredits, retryUnsettled, single: true);

    /// <summary>A run of every company name the pipeline gave: priced and checked as a whole before the first prompt.</summary>
    public static Task RunAsync(LensmorSession session, ILensmorHost host, IEnumerable<string?> rawCompanyNames, int page = 1, int pageSize = 20, decimal? maxCredits = null, bool retryUnsettled = false) =>
        Search.RunAsync(session, host, rawCompanyNames, page, pageSize, maxCredits, retryUnsettled, single: false);

    /// <summary>A pipeline run (the cmdlet): -MaxCredits and paging checked now, names gathered, then run once.</summary>
    public static CompanySearchRun Start(LensmorSession session, int page = 1, int pageSize = 20, decimal? maxCredits = null, bool retryUnsettled = false) =>
        Search.Start(session, page, pageSize, maxCredits, retryUnsettled);
}
