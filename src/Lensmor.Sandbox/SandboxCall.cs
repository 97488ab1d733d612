using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Lensmor.Sandbox;

/// <summary>One /external call as seen by a handler, with validation helpers that throw 400 ApiErrors.</summary>
internal sealed class SandboxCall
{
    private JsonElement? _json;
    private bool _parsed;

    public SandboxCall(string method, string path, string[] groups, IQueryCollection query, string? body, string? callSource, string traceId)
    {
        Method = method; Path = path; Groups = groups; Query = query; Body = body; CallSource = callSource; TraceId = traceId;
    }

    public string Method { get; }
    public string Path { get; }
    public string[] Groups { get; }
    public IQueryCollection Query { get; }
    public string? Body { get; }
    public string? CallSource { get; }
    public string TraceId { get; }

    public static ApiException Invalid(string message) => new(400, "VALIDATION_FAILED", message);

    /// <summary>
    /// 400 unless the value is one of the contract's enum values. JSON Schema compares enum strings exactly,
    /// so "Email" is not "email": strings compare ordinally (the default equality of string).
    /// </summary>
    public static T OneOf<T>(string name, T value, IReadOnlyList<T> allowed) =>
        allowed.Contains(value) ? value : throw Invalid($"{name} must be one of {string.Join(", ", allowed)}.");

    // ---------------- query ----------------
    public string? Q(string name)
    {
        if (!Query.TryGetValue(name, out var v) || v.Count == 0) return null;
        return v[v.Count - 1];
    }

    public string? QString(string name, int min, int max, bool required = false)
    {
        var v = Q(name);
        if (v == null || (v.Length == 0 && min == 0 && !required)) { if (required) throw Invalid($"{name} is required."); return null; }
        if (v.Length < min) throw Invalid($"{name} must be at least {min} character(s).");
        if (v.Length > max) throw Invalid($"{name} must be at most {max} characters.");
        return v;
    }

    public int? QInt(string name, int min, int max)
    {
        var v = Q(name);
        if (string.IsNullOrEmpty(v)) return null;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) throw Invalid($"{name} must be an integer.");
        if (i < min || i > max) throw Invalid($"{name} must be between {min} and {max}.");
        return i;
    }

    /// <summary>An optional enum query parameter; every repeat of the key is checked, not only the one used. Empty means absent.</summary>
    public string? QEnum(string name, IReadOnlyList<string> allowed)
    {
        if (!Query.TryGetValue(name, out var values)) return null;
        foreach (var v in values)
            if (!string.IsNullOrEmpty(v)) OneOf(name, v, allowed);
        var last = Q(name);
        return string.IsNullOrEmpty(last) ? null : last;
    }

    /// <summary>Repeated keys (a=1&amp;a=2), 'a[]' keys and comma-separated values.</summary>
    public List<string> QArray(string name)
    {
        var list = new List<string>();
        foreach (var key in new[] { name, name + "[]" })
        {
            if (!Query.TryGetValue(key, out var v)) continue;
            foreach (var s in v)
                if (s != null)
                    list.AddRange(s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return list;
    }

    public (int Page, int PageSize) QPaging(int maxPageSize = 100, int defaultPageSize = 20) =>
        (QInt("page", 1, int.MaxValue) ?? 1, QInt("pageSize", 1, maxPageSize) ?? defaultPageSize);

    // ---------------- body ----------------
    public JsonElement JsonBody
    {
        get
        {
            if (!_parsed)
            {
                _parsed = true;
                if (!string.IsNullOrWhiteSpace(Body))
                {
                    try { using var doc = JsonDocument.Parse(Body); _json = doc.RootElement.Clone(); }
                    catch (JsonException) { throw Invalid("The request body is not valid JSON."); }
                }
            }
            if (_json is { ValueKind: JsonValueKind.Object } j) return j;
            if (_json != null) throw Invalid("The request body must be a JSON object.");
            throw Invalid("A JSON request body is required.");
        }
    }

    public bool HasBody => !string.IsNullOrWhiteSpace(Body);

    public JsonElement? B(string name) =>
        JsonBody.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string? BString(string name, int min, int max, bool required = false)
    {
        var v = B(name);
        if (v == null) { if (required) throw Invalid($"{name} is required."); return null; }
        if (v.Value.ValueKind != JsonValueKind.String) throw Invalid($"{name} must be a string.");
        var s = v.Value.GetString()!;
        if (s.Length < min) throw Invalid($"{name} must be at least {min} character(s).");
        if (s.Length > max) throw Invalid($"{name} must be at most {max} characters.");
        return s;
    }

    public int? BInt(string name, int min, int max)
    {
        var v = B(name);
        if (v == null) return null;
        if (v.Value.ValueKind != JsonValueKind.Number || !v.Value.TryGetInt32(out var i)) throw Invalid($"{name} must be an integer.");
        if (i < min || i > max) throw Invalid($"{name} must be between {min} and {max}.");
        return i;
    }

    public string? BEnum(string name, IReadOnlyList<string> allowed, bool required = false)
    {
        var v = BString(name, 0, int.MaxValue, required);
        return v == null ? null : OneOf(name, v, allowed);
    }

    public int? BIntEnum(string name, IReadOnlyList<int> allowed)
    {
        var i = BInt(name, int.MinValue, int.MaxValue);
        return i == null ? null : OneOf(name, i.Value, allowed);
    }

    /// <summary>An array whose items are a contract enum; BStringArray's number-to-text leniency does not apply, a number is never an enum string.</summary>
    public List<string>? BEnumArray(string name, int minItems, int maxItems, IReadOnlyList<string> allowed, bool required = false)
    {
        var v = B(name);
        if (v is { ValueKind: JsonValueKind.Array } a && a.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw Invalid($"{name} must contain strings.");
        var list = BStringArray(name, minItems, maxItems, required);
        if (list != null)
            foreach (var item in list) OneOf(name, item, allowed);
        return list;
    }

    public List<string>? BStringArray(string name, int minItems, int maxItems, bool required = false)
    {
        var v = B(name);
        if (v == null) { if (required) throw Invalid($"{name} is required."); return null; }
        if (v.Value.ValueKind != JsonValueKind.Array) throw Invalid($"{name} must be an array.");
        var list = new List<string>();
        foreach (var e in v.Value.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.String) list.Add(e.GetString()!);
            else if (e.ValueKind == JsonValueKind.Number) list.Add(e.GetRawText());
            else throw Invalid($"{name} must contain strings.");
        }
        if (list.Count < minItems) throw Invalid($"{name} must contain at least {minItems} item(s).");
        if (list.Count > maxItems) throw Invalid($"{name} must contain at most {maxItems} items.");
        return list;
    }

    public (int Page, int PageSize) BPaging(int maxPageSize = 100, int defaultPageSize = 20) =>
        (BInt("page", 1, int.MaxValue) ?? 1, BInt("pageSize", 1, maxPageSize) ?? defaultPageSize);
}
