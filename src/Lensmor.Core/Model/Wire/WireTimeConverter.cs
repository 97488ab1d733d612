using Newtonsoft.Json;

namespace Lensmor.Core.Model.Wire;

/// <summary>
/// Reads the API's date fields ("2026-03-15", or a full ISO 8601 time) as <see cref="UtcTime"/>. A value that is
/// not a date (a new format, a number) reads as null rather than failing the whole page: unknown shapes are tolerated.
/// </summary>
public sealed class WireTimeConverter : JsonConverter
{
    public override bool CanConvert(Type objectType) => objectType == typeof(UtcTime?) || objectType == typeof(UtcTime);

    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        var text = reader.TokenType switch
        {
            JsonToken.String => (string?)reader.Value,
            JsonToken.Date => reader.Value is DateTime d ? d.ToString("o", System.Globalization.CultureInfo.InvariantCulture) : null,
            _ => null,
        };
        if (reader.TokenType is JsonToken.StartArray or JsonToken.StartObject)
        {
            reader.Skip();
        }

        return UtcTime.FromWire(text);
    }

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        if (value is UtcTime time)
        {
            writer.WriteValue(time.ToString());
        }
        else
        {
            writer.WriteNull();
        }
    }
}
