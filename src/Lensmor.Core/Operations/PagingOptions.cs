using Lensmor.Core.Errors;

namespace Lensmor.Core.Operations;

/// <summary>-First, -Skip, -IncludeTotalCount (SupportsPaging) and -PageSize, for one streamed list.</summary>
public sealed class PagingOptions
{
    public ulong? First { get; set; }
    public ulong Skip { get; set; }
    public bool IncludeTotalCount { get; set; }

    /// <summary>Null asks for full pages (the route's maximum), or one page of exactly -Skip plus -First when that fits.</summary>
    public int? PageSize { get; set; }

    /// <summary>
    /// How many pages may be in flight ahead of the pipeline. Consuming a page is far quicker than fetching
    /// one, so hiding network latency takes more than one; zero fetches pages one after another.
    /// </summary>
    public int Prefetch { get; set; } = 3;

    /// <summary>
    /// Every request costs a round trip and a slot of the rate limit, so a list asks for as much as the route
    /// serves: the route's maximum, or just -Skip plus -First when that fits in one page.
    /// </summary>
    public int ResolvePageSize(int routeMax)
    {
        var wanted = First is { } f ? Skip + f : ulong.MaxValue;
        var size = PageSize ?? (wanted >= 1 && wanted < (ulong)routeMax ? (int)wanted : routeMax);
        if (size < 1 || size > routeMax)
        {
            throw LensmorException.InvalidArgument(
                $"-PageSize {size} is out of range; this list accepts 1 to {routeMax}. Nothing was sent.", size, $"Pass -PageSize between 1 and {routeMax}.");
        }

        return size;
    }
}
