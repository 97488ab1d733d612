using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lensmor.Sandbox.Tests;

/// <summary>
/// Every request-side enum of the contract, found by reading openapi-0.24.3.json itself (parameters and
/// request bodies, through $ref, allOf/oneOf/anyOf, nested objects and array items): a value outside the enum
/// is refused with a 400 ApiError naming the field and charges nothing; every value inside it is accepted.
/// An enum on a route this test has no minimal request for fails the test, so a new one cannot be missed.
/// </summary>
public sealed class ContractEnumTests
{
    private const string Ces = "139001";

    /// <summary>
    /// Enums the API documents as lenient, so the sandbox must accept values outside them too.
    /// Key: "location name" as found in the contract.
    /// </summary>
    private static readonly Dictionary<string, string> DocumentedAsLenient = new(StringComparer.Ordinal)
    {
        // lensmor-api/README.md, x-call-source header: "A missing or unknown value is recorded as `api`."
        ["header x-call-source"] = "unknown values are recorded as api",
    };

    internal sealed record RequestEnum(string Method, string Route, string In, string Field, IReadOnlyList<JsonElement> Values)
    {
        public string Leaf => Field.Split('.').Last().Replace("[]", "", StringComparison.Ordinal);
        public override string ToString() =>
            $"{Method} {Route} {In} {Field} [{string.Join(", ", Values.Select(v => v.GetRawText()))}]";
    }

    private sealed class Request
    {
        public required string Path;
        public Dictionary<string, string> Query = new(StringComparer.Ordinal);
        public Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase);
        public JsonObject? Body;
    }

    /// <summary>A request per route that passes validation, to which one enum field is then applied.</summary>
    private static Request? Minimal(string method, string route, Harness h)
    {
        var person = h.Server.World.PersonnelIdsOfEvent(Ces, 1)[0];
        JsonObject People() => new() { ["personnel_ids"] = new JsonArray(person), ["event_id"] = Ces };
        return (method, route) switch
        {
            ("POST", "/external/actions/precheck") => new Request { Path = route, Body = new JsonObject { ["action_type"] = "unlock_event_contacts", ["params"] = new JsonObject { ["event_id"] = Ces } } },
            ("POST", "/external/events/{id}/unlock") => new Request { Path = route },
            ("POST", "/external/events/{id}/visitors/unlock") => new Request { Path = route },
            ("POST", "/external/events/{id}/full-access/unlock") => new Request { Path = route },
            ("POST", "/external/exhibitors/search-by-company-name") => new Request { Path = route, Body = new JsonObject { ["company_name"] = h.Server.World.CompanyNameOfExhibitor(h.Server.World.ExhibitorIdsOfEvent(Ces)[0]) } },
            ("POST", "/external/exhibitors/search-events") => new Request { Path = route, Body = new JsonObject { ["company_name"] = h.Server.World.CompanyNameOfExhibitor(h.Server.World.ExhibitorIdsOfEvent(Ces)[0]) } },
            ("GET", "/external/personnel/list") => new Request { Path = route, Query = { ["event_id"] = Ces } },
            ("POST", "/external/personnel/unlock-linkedin-activity") => new Request { Path = route, Body = People() },
            ("POST", "/external/contacts/unlock") => new Request { Path = route, Body = People() },
            ("POST", "/external/contacts/unlock-phone") => new Request { Path = route, Body = People() },
            ("POST", "/external/personnel/generate-outreach-message") => new Request { Path = route, Body = Add(People(), "channels", new JsonArray("email")) },
            _ => null,
        };

        static JsonObject Add(JsonObject o, string name, JsonNode value) { o[name] = value; return o; }
    }

    [Fact]
    public async Task Every_request_enum_of_the_contract_refuses_outside_values_with_400_and_accepts_its_own()
    {
        var enums = RequestEnums(LoadContract());

        // The walk must find what the contract is known to hold; an empty walk would pass vacuously.
        foreach (var known in new[] { "linkedin_message_types[]", "channels[]", "action_type", "sourceType", "sponsor_match_starred", "x-call-source" })
            Assert.Contains(enums, e => e.Field == known);

        await using var h = await Harness.StartAsync(o => { o.SubscriptionBalance = 1_000_000; o.RateLimited = false; });
        // Visitor unlock needs base access first; that precondition is not what this test is about.
        h.Server.World.MarkEventUnlocked(Ces);

        var failures = new List<string>();
        foreach (var e in enums)
        {
            if (Minimal(e.Method, e.Route, h) == null)
            {
                failures.Add($"{e}: no minimal request for this route; add one to {nameof(Minimal)}.");
                continue;
            }

            var lenient = DocumentedAsLenient.ContainsKey($"{e.In} {e.Field}");
            foreach (var outside in OutsideValues(e))
            {
                var chargesBefore = h.Server.Ledger.Charges.Count;
                var balanceBefore = h.Server.Ledger.TotalBalance;
                var (status, body) = await Send(h, e, outside);
                if (lenient)
                {
                    if (status is < 200 or > 299) failures.Add($"{e} = {outside.ToJsonString()}: documented as lenient, expected success, got {status} {body}");
                    continue;
                }

                if (status != 400) { failures.Add($"{e} = {outside.ToJsonString()}: expected 400, got {status} {body}"); continue; }
                var error = JsonDocument.Parse(body).RootElement;
                if (error.GetProperty("code").GetInt32() != 400
                    || error.GetProperty("errorKey").GetString() != "VALIDATION_FAILED"
                    || string.IsNullOrEmpty(error.GetProperty("traceId").GetString())
                    || !error.GetProperty("message").GetString()!.Contains(e.Leaf, StringComparison.Ordinal))
                    failures.Add($"{e} = {outside.ToJsonString()}: the 400 is not a VALIDATION_FAILED ApiError about {e.Leaf}: {body}");
                if (h.Server.Ledger.Charges.Count != chargesBefore || h.Server.Ledger.TotalBalance != balanceBefore)
                    failures.Add($"{e} = {outside.ToJsonString()}: a refused request charged the ledger.");
            }

            foreach (var inside in InsideValues(e))
            {
                var (status, body) = await Send(h, e, inside);
                if (status is < 200 or > 299) failures.Add($"{e} = {inside.ToJsonString()}: an in-enum value was not accepted: {status} {body}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static IEnumerable<JsonNode> OutsideValues(RequestEnum e)
    {
        var singles = new List<JsonNode>();
        if (e.Values.All(v => v.ValueKind == JsonValueKind.Number))
        {
            var numbers = e.Values.Select(v => v.GetInt64()).ToList();
            singles.Add(JsonValue.Create(numbers.Max() + 1));
            singles.Add(JsonValue.Create(numbers.Min() - 1));
        }
        else
        {
            var texts = e.Values.Select(v => v.GetString()!).ToList();
            singles.Add(JsonValue.Create("outside_the_enum"));
            // The contract's enums are case-sensitive: another case of an allowed value is outside.
            foreach (var other in new[] { texts[0].ToUpperInvariant(), char.ToUpperInvariant(texts[0][0]) + texts[0][1..] })
                if (!texts.Contains(other, StringComparer.Ordinal)) singles.Add(JsonValue.Create(other));
        }

        if (!e.Field.EndsWith("[]", StringComparison.Ordinal))
        {
            foreach (var s in singles) yield return s;
            yield break;
        }

        foreach (var s in singles) yield return new JsonArray(s);
        // One bad item among good ones: every item is checked, not only the first.
        yield return new JsonArray(Node(e.Values[0]), singles[0].DeepClone());
    }

    private static IEnumerable<JsonNode> InsideValues(RequestEnum e)
    {
        if (!e.Field.EndsWith("[]", StringComparison.Ordinal))
        {
            foreach (var v in e.Values) yield return Node(v);
            yield break;
        }

        foreach (var v in e.Values) yield return new JsonArray(Node(v));
        yield return new JsonArray(e.Values.Select(v => (JsonNode?)Node(v)).ToArray());
    }

    private static JsonNode Node(JsonElement value) => JsonNode.Parse(value.GetRawText())!;

    private static async Task<(int Status, string Body)> Send(Harness h, RequestEnum e, JsonNode value)
    {
        var request = Minimal(e.Method, e.Route, h)!;
        var path = request.Path.Replace("{id}", Ces, StringComparison.Ordinal);
        switch (e.In)
        {
            case "query":
                request.Query[e.Field] = Scalar(value);
                break;
            case "header":
                request.Headers[e.Field] = Scalar(value);
                break;
            case "path":
                path = path.Replace("{" + e.Field + "}", Uri.EscapeDataString(Scalar(value)), StringComparison.Ordinal);
                break;
            case "body":
                Set(request.Body ??= new JsonObject(), e.Field, value);
                break;
            default:
                throw new InvalidOperationException($"Unknown parameter location '{e.In}' in {e}.");
        }

        var query = string.Join("&", request.Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        using var message = new HttpRequestMessage(new HttpMethod(e.Method), path.TrimStart('/') + (query.Length > 0 ? "?" + query : ""));
        foreach (var header in request.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (request.Body != null) message.Content = new StringContent(request.Body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await h.Client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Scalar(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();

    /// <summary>Sets a walked field path (a.b, items[]) in a body; the value is already an array where the path ends in [].</summary>
    private static void Set(JsonObject body, string field, JsonNode value)
    {
        var parts = field.Split('.');
        var node = body;
        foreach (var part in parts[..^1])
        {
            if (part.EndsWith("[]", StringComparison.Ordinal))
                throw new NotSupportedException($"An enum below an array of objects ({field}) needs a builder here.");
            node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
        }

        node[parts[^1].Replace("[]", "", StringComparison.Ordinal)] = value;
    }

    // ------------------------------------------------------------------ reading the contract

    private static JsonElement LoadContract()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Contract", "openapi-0.24.3.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    internal static List<RequestEnum> RequestEnums(JsonElement contract)
    {
        var found = new List<RequestEnum>();
        foreach (var pathItem in contract.GetProperty("paths").EnumerateObject())
        {
            var shared = pathItem.Value.TryGetProperty("parameters", out var sp) ? sp.EnumerateArray().ToList() : new List<JsonElement>();
            foreach (var operation in pathItem.Value.EnumerateObject())
            {
                if (operation.Name is not ("get" or "post" or "put" or "patch" or "delete")) continue;
                var method = operation.Name.ToUpperInvariant();
                var own = operation.Value.TryGetProperty("parameters", out var op) ? op.EnumerateArray().ToList() : new List<JsonElement>();
                foreach (var raw in shared.Concat(own))
                {
                    var parameter = Resolve(contract, raw);
                    if (!parameter.TryGetProperty("schema", out var schema)) continue;
                    var location = parameter.GetProperty("in").GetString()!;
                    foreach (var (field, values) in Walk(contract, schema, parameter.GetProperty("name").GetString()!, 0))
                        found.Add(new RequestEnum(method, pathItem.Name, location, field, values));
                }

                if (!operation.Value.TryGetProperty("requestBody", out var rb)) continue;
                var requestBody = Resolve(contract, rb);
                if (!requestBody.TryGetProperty("content", out var content)) continue;
                foreach (var media in content.EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("schema", out var schema)) continue;
                    foreach (var (field, values) in Walk(contract, schema, "", 0))
                        found.Add(new RequestEnum(method, pathItem.Name, "body", field.Length == 0 ? "(body)" : field, values));
                }
            }
        }

        return found.Distinct(new SameEnum()).ToList();
    }

    private static IEnumerable<(string Field, IReadOnlyList<JsonElement> Values)> Walk(JsonElement contract, JsonElement schema, string field, int depth)
    {
        if (depth > 32) yield break; // a recursive schema
        schema = Resolve(contract, schema);
        if (schema.ValueKind != JsonValueKind.Object) yield break;
        if (schema.TryGetProperty("enum", out var values))
            yield return (field, values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).ToList());
        if (schema.TryGetProperty("const", out var constant))
            yield return (field, new[] { constant });
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
            if (schema.TryGetProperty(combinator, out var subs))
                foreach (var sub in subs.EnumerateArray())
                    foreach (var x in Walk(contract, sub, field, depth + 1)) yield return x;
        if (schema.TryGetProperty("properties", out var properties))
            foreach (var property in properties.EnumerateObject())
                foreach (var x in Walk(contract, property.Value, field.Length == 0 ? property.Name : field + "." + property.Name, depth + 1)) yield return x;
        if (schema.TryGetProperty("items", out var items))
            foreach (var x in Walk(contract, items, field + "[]", depth + 1)) yield return x;
        if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object)
            foreach (var x in Walk(contract, extra, field + ".*", depth + 1)) yield return x;
    }

    private static JsonElement Resolve(JsonElement contract, JsonElement node)
    {
        for (var hops = 0; node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference); hops++)
        {
            if (hops > 32) throw new InvalidOperationException("A $ref cycle in the contract.");
            var target = reference.GetString()!;
            if (!target.StartsWith("#/", StringComparison.Ordinal)) throw new NotSupportedException($"External $ref {target}.");
            node = contract;
            foreach (var segment in target[2..].Split('/'))
                node = node.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return node;
    }

    private sealed class SameEnum : IEqualityComparer<RequestEnum>
    {
        public bool Equals(RequestEnum? a, RequestEnum? b) => a?.ToString() == b?.ToString();
        public int GetHashCode(RequestEnum e) => e.ToString().GetHashCode(StringComparison.Ordinal);
    }
}
