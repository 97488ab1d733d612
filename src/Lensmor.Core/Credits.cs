using System.Globalization;

namespace Lensmor.Core;

public static class Credits
{
    /// <summary>Credit amounts as users read them in prompts and messages: 30,050.</summary>
    public static string Format(decimal credits) => credits.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Format(decimal? credits) => credits is { } c ? Format(c) : "unknown";
}
