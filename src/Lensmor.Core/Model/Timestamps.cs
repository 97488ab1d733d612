using System.Globalization;

namespace Lensmor.Core.Model;

internal static class Timestamps
{
    /// <summary>The API's millisecond timestamps (numbers or numeric strings) as UTC; null stays null.</summary>
    public static DateTimeOffset? FromMilliseconds(decimal? ms) =>
        ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds((long)value) : null;

    public static DateTimeOffset? FromMilliseconds(string? ms) =>
        decimal.TryParse(ms, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? FromMilliseconds(value) : null;
}
