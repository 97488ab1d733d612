namespace Lensmor.Core.Spending;

/// <summary>
/// The one pricing table: Lensmor's published list prices (API 0.24.3), used only where a precheck does not
/// state the cost. Actions whose price Lensmor does not publish (LinkedIn activity, outreach generation) are
/// absent on purpose: their runs price nothing in advance and hold the caps by what the balance moves.
/// </summary>
public static class PriceList
{
    /// <summary>Base event access: complete exhibitors and personnel.</summary>
    public const decimal EventBase = 2000;

    /// <summary>An event's visitor layer (needs base access).</summary>
    public const decimal EventVisitors = 3000;

    /// <summary>Base and visitors together; only missing layers are charged.</summary>
    public const decimal EventFull = 5000;

    public const decimal ContactEmail = 15;

    public const decimal ContactPhone = 150;

    /// <summary>One page of a company-name search (events or exhibitors); nothing when the page is empty.</summary>
    public const decimal CompanySearchPage = 50;
}
