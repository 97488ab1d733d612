using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>
/// Find-LensmorExhibitor: POST /external/exhibitors/search (201), exhibitors that fit a company website
/// and/or a target-audience text. Free and read-only; paged in the JSON body (page, pageSize) and streamed.
/// </summary>
public static class ExhibitorSearchOperation
{
    public const int CompanyUrlMaxLength = 2048;

    public static Task<long> FindAsync(LensmorSession session, ILensmorHost host, string? rawCompanyUrl, string? rawTargetAudience, PagingOptions paging)
    {
        var (companyUrl, audience) = ProfileInput(host, rawCompanyUrl, rawTargetAudience);
        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var target = companyUrl ?? "target audience";
        var pager = new Pager<ExhibitorItemDto>(session, host, (page, size) =>
        {
            var body = new Dictionary<string, object> { ["page"] = page, ["pageSize"] = size };
            AddProfile(body, companyUrl, audience);
            return new LensmorRequest(HttpMethod.Post, "external/exhibitors/search", RequestKind.Read, target) { Body = body };
        });
        return pager.StreamAsync(paging, pageSize, item => Exhibitor.From(item));
    }

    /// <summary>
    /// The profile input shared with the recommendation routes: company_url and/or target_audience, at least
    /// one. A URL without a scheme ("acme.example") is read as https.
    /// </summary>
    internal static (string? CompanyUrl, string? TargetAudience) ProfileInput(ILensmorHost host, string? rawCompanyUrl, string? rawTargetAudience)
    {
        var url = InputValidation.Text(rawCompanyUrl, "CompanyUrl", CompanyUrlMaxLength, required: false);
        var audience = rawTargetAudience?.Trim() ?? string.Empty;
        if (url.Length == 0 && audience.Length == 0)
        {
            throw LensmorException.InvalidArgument(
                "Pass -CompanyUrl, -TargetAudience or both; the API needs at least one. Nothing was sent.", null,
                "For example: -CompanyUrl https://acme.example or -TargetAudience 'retail operations leaders'.");
        }

        string? normalized = null;
        if (url.Length > 0)
        {
            var candidate = url.IndexOf("://", StringComparison.Ordinal) < 0 ? "https://" + url : url;
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host) || uri.Host.IndexOf('.') < 0)
            {
                throw LensmorException.InvalidArgument($"-CompanyUrl '{url}' is not a web address. Nothing was sent.", url, "Pass the company's website, for example https://acme.example.");
            }

            if (!ReferenceEquals(candidate, url))
            {
                host.WriteVerbose($"-CompanyUrl '{url}' has no scheme; sending {candidate}.");
            }

            normalized = candidate;
        }

        return (normalized, audience.Length == 0 ? null : audience);
    }

    internal static void AddProfile(Dictionary<string, object> body, string? companyUrl, string? audience)
    {
        if (companyUrl != null)
        {
            body["company_url"] = companyUrl;
        }

        if (audience != null)
        {
            body["target_audience"] = audience;
        }
    }
}
