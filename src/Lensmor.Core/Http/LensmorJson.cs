using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Lensmor.Core.Http;

internal static class LensmorJson
{
    /// <summary>
    /// Tolerant of unknown and missing fields; dates stay the strings the API sent (Newtonsoft would
    /// otherwise turn "2026-03-15" into a DateTime and print it back in the local culture).
    /// </summary>
    public static readonly JsonSerializerSettings Settings = new()
    {
        MissingMemberHandling = MissingMemberHandling.Ignore,
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Decimal,
        ContractResolver = new DefaultContractResolver(),
        MaxDepth = 64,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Formatting.None, Settings);

    public static T? Deserialize<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings);
}
