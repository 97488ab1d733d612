using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Model.Wire;

/// <summary>The paging envelope {items, total, page, pageSize, totalPages, hasMore}.</summary>
public class PageDto<T>
{
    [JsonProperty("items")] public List<T>? Items { get; set; }
    [JsonProperty("total")] public long? Total { get; set; }
    [JsonProperty("page")] public int? Page { get; set; }
    [JsonProperty("pageSize")] public int? PageSize { get; set; }
    [JsonProperty("totalPages")] public int? TotalPages { get; set; }
    [JsonProperty("hasMore")] public bool? HasMore { get; set; }

    /// <summary>Present on event-scoped lists (exhibitors, personnel): preview or full access.</summary>
    [JsonProperty("semantics")] public AccessSemanticsDto? Semantics { get; set; }

    /// <summary>
    /// Route-specific envelope fields (recommendationProcessing, code, show_refresh_hint, status, is_stale ...),
    /// kept so that a pager's OnPage can read them without a derived envelope type.
    /// </summary>
    [JsonExtensionData] public IDictionary<string, JToken>? Extra { get; set; }

    /// <summary>An extra envelope field as T, or default when absent or of another type.</summary>
    public T2? ExtraValue<T2>(string name)
    {
        if (Extra == null || !Extra.TryGetValue(name, out var token) || token == null || token.Type == JTokenType.Null)
        {
            return default;
        }

        try
        {
            return token.ToObject<T2>();
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException or Newtonsoft.Json.JsonException)
        {
            return default;
        }
    }
}
