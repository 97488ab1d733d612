using System.Globalization;

namespace Lensmor.Core;

public static class Credits
{
    /// <summary>Credit amounts as users read them in prompts and messages: 30,050.</summary>
    public static string Format(decimal credits) => credits.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Format(decimal? credits) => credits is { } c ? Format(c) : "unknown";

    /// <summary>Drops the trailing zeros a JSON round trip adds (2000.0 -> 2000), so exports read the same everywhere.</summary>
    public static decimal Normalize(decimal credits) => credits / 1.000000000000000000000000000000000m;

    public static decimal? Normalize(decimal? credits) => credits is { } c ? Normalize(c) : null;
}
