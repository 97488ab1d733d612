namespace Lensmor;

/// <summary>Arrays become one "; "-joined string column, so rows export to CSV as they read.</summary>
internal static class Join
{
    public const string Separator = "; ";

    public static string Values(IEnumerable<string?>? values) =>
        values == null ? string.Empty : string.Join(Separator, values.Where(v => !string.IsNullOrWhiteSpace(v)));

    /// <summary>A joined column back as its values (what <see cref="Values"/> joined).</summary>
    public static string[] Split(string? joined) =>
        string.IsNullOrEmpty(joined) ? new string[0] : joined!.Split(new[] { Separator }, StringSplitOptions.RemoveEmptyEntries);
}
