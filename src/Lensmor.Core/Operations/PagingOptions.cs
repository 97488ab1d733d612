using Lensmor.Core.Errors;

namespace Lensmor.Core.Operations;

/// <summary>-First, -Skip, -IncludeTotalCount (SupportsPaging) and -PageSize, for one streamed list.</summary>
public sealed class PagingOptions
{
    public ulong? First { get; set; }
    public ulong Skip { get; set; }
    public bool IncludeTotalCount { get; set; }

    /// <summary>Null takes the route's default page size.</summary>
    public int? PageSize { get; set; }

    /// <summary>How many pages may be fetched ahead of the pipeline. One is enough to hide latency.</summary>
    public int Prefetch { get; set; } = 1;

    public int ResolvePageSize(int routeDefault, int routeMax)
    {
        var size = PageSize ?? Math.Min(routeMax, Math.Max(routeDefault, First is { } f && f < (ulong)routeMax ? (int)f : routeDefault));
        if (size < 1 || size > routeMax)
        {
            throw LensmorException.InvalidArgument(
                $"-PageSize {size} is out of range; this list accepts 1 to {routeMax}. Nothing was sent.", size, $"Pass -PageSize between 1 and {routeMax}.");
        }

        return size;
    }
}
