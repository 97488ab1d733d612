using System.Globalization;

namespace Lensmor;

/// <summary>How the API's times become <see cref="UtcTime"/> values, the one representation of every output time.</summary>
internal static class Timestamps
{
    /// <summary>
    /// How finance rows (receipts, the spend log) carry their time: a UtcTime, which prints ISO 8601 in UTC to the
    /// second (2026-11-30T10:05:00Z) in every culture's CSV and compares as a date. The name stays from when these
    /// rows held the ISO text itself: the paid operations and the spend log call it.
    /// </summary>
    public static UtcTime Iso(DateTimeOffset time) => UtcTime.At(time);

    /// <summary>The API's millisecond timestamps as UTC instants; null stays null.</summary>
    public static UtcTime? FromMilliseconds(decimal? ms) =>
        ms is { } value ? UtcTime.At(DateTimeOffset.FromUnixTimeMilliseconds((long)value)) : null;

    /// <summary>Milliseconds as a numeric string, or ISO 8601 text; anything else is null (tolerated, not fatal).</summary>
    public static UtcTime? FromMilliseconds(string? ms) =>
        decimal.TryParse(ms, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? FromMilliseconds(value) : UtcTime.FromWire(ms);
}
