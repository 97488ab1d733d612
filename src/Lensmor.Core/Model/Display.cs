namespace Lensmor;

/// <summary>How output objects read in a string ("$event"): the name a user knows, then the id to pass on.</summary>
internal static class Display
{
    public static string Named(string? name, string id) =>
        string.IsNullOrWhiteSpace(name) ? id : $"{name} ({id})";
}
