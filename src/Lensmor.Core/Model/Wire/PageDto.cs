using Newtonsoft.Json;

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
}
