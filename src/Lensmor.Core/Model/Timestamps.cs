using System.Globalization;

namespace Lensmor;

internal static class Timestamps
{
    /// <summary>
    /// How finance rows (receipts, the spend log) carry their time: ISO 8601 in UTC to the second, as a string, so
    /// Export-Csv writes the same text in every culture and every spreadsheet reads it as a date.
    /// </summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The API's millisecond timestamps (numbers or numeric strings) as UTC; null stays null.</summary>
    public static DateTimeOffset? FromMilliseconds(decimal? ms) =>
        ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds((long)value) : null;

    public static DateTimeOffset? FromMilliseconds(string? ms) =>
        decimal.TryParse(ms, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? FromMilliseconds(value) : null;
}
