using Newtonsoft.Json;

namespace Lensmor.Core.Http;

/// <summary>The API's error body: ApiError {code, message, errorKey, traceId}.</summary>
internal sealed class ApiErrorBody
{
    [JsonProperty("code")] public object? Code { get; set; }
    [JsonProperty("message")] public string? Message { get; set; }
    [JsonProperty("errorKey")] public string? ErrorKey { get; set; }
    [JsonProperty("traceId")] public string? TraceId { get; set; }

    public static ApiErrorBody? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return LensmorJson.Deserialize<ApiErrorBody>(text!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
