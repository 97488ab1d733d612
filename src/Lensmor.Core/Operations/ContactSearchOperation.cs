using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>Find-LensmorContact: people by company name (GET contacts/search), streamed. Free.</summary>
public static class ContactSearchOperation
{
    public static Task<long> ListAsync(LensmorSession session, ILensmorHost host, string? rawCompanyName, string? rawRole, string? rawPersonName, PagingOptions paging)
    {
        var company = InputValidation.Text(rawCompanyName, "CompanyName", InputValidation.CompanyNameMaxLength, required: true);
        var role = InputValidation.Text(rawRole, "Role", 200, required: false);
        var personName = InputValidation.Text(rawPersonName, "PersonName", 200, required: false);
        var pageSize = paging.ResolvePageSize(InputValidation.MaxPageSize);
        var pager = new Pager<ContactItemDto>(session, host, (page, size) =>
            new LensmorRequest(HttpMethod.Get, "external/contacts/search", RequestKind.Read, company)
                .With("company_name", company).With("role", PersonnelOperation.Empty(role)).With("person_name", PersonnelOperation.Empty(personName))
                .With("page", page).With("pageSize", size));
        return pager.StreamAsync(paging, pageSize, item => Personnel.From(item, null));
    }
}
