namespace Lensmor;

/// <summary>Arrays become one "; "-joined string column, so rows export to CSV as they read.</summary>
internal static class Join
{
    public const string Separator = "; ";

    public static string Values(IEnumerable<string?>? values) =>
        values == null ? string.Empty : string.Join(Separator, values.Where(v => !string.IsNullOrWhiteSpace(v)));
}
