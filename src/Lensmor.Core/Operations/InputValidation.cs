using Lensmor.Core.Errors;

namespace Lensmor.Core.Operations;

/// <summary>Checks done before any request, with the API's documented limits, so bad input costs nothing.</summary>
public static class InputValidation
{
    public const int EventIdMaxLength = 100;
    public const int PersonnelIdMaxLength = 20;
    public const int CompanyNameMaxLength = 200;
    public const int MaxPageSize = 100;
    public const int MaxPersonnelPageSize = 50;

    /// <summary>The contract sets only a minimum (1) for exhibitor_id; ids are numeric strings, so 100 is generous.</summary>
    public const int ExhibitorIdMaxLength = 100;

    /// <summary>Marks the string form of a piped object that is not an id (see the module's PipelineIdAttribute).</summary>
    private const string RejectedMarker = "\u0001lensmor-not-an-id\u0001";

    public static string RejectedObject(string typeName, string text) => RejectedMarker + typeName + RejectedMarker + text;

    private static void RefuseObject(string? value, string parameterName, string hint)
    {
        if (value != null && value.StartsWith(RejectedMarker, StringComparison.Ordinal))
        {
            var parts = value.Substring(RejectedMarker.Length).Split(new[] { RejectedMarker }, 2, StringSplitOptions.None);
            var text = parts.Length > 1 ? parts[1] : string.Empty;
            var error = LensmorException.InvalidArgument(
                $"A piped {parts[0]} ({Shorten(text)}) has no {parameterName} property, and its text is not a {parameterName}. Nothing was sent.", text,
                $"Pipe objects with a {parameterName} property, or plain strings: for Import-Csv rows, name the column {parameterName} or pipe ForEach-Object {{ $_.<column> }}. {hint}");
            error.Cause = $"A piped {parts[0]} has no {parameterName} property";
            throw error;
        }
    }

    public static string Id(string? value, string parameterName, int maxLength, string? listHint = null)
    {
        var hint = listHint ?? "Pass the id exactly as the API returned it.";
        RefuseObject(value, parameterName, hint);
        if (value == null || value.Length == 0)
        {
            throw LensmorException.InvalidArgument($"-{parameterName} is empty. Nothing was sent.", value, hint);
        }

        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw LensmorException.InvalidArgument($"-{parameterName} is blank. Nothing was sent.", value, hint);
        }

        if (trimmed.Length > maxLength)
        {
            throw LensmorException.InvalidArgument(
                $"-{parameterName} '{Shorten(trimmed)}' is {trimmed.Length} characters long; the API accepts at most {maxLength}. Nothing was sent.", value, hint);
        }

        if (trimmed.Any(char.IsControl) || trimmed.Contains('/') || trimmed.Contains('?') || trimmed.Contains('#'))
        {
            throw LensmorException.InvalidArgument($"-{parameterName} '{Shorten(trimmed)}' contains characters no Lensmor id has. Nothing was sent.", value, hint);
        }

        return trimmed;
    }

    /// <param name="maxLength">Some routes take shorter event ids than the contract's 100 (LinkedIn activity: 20).</param>
    public static string EventId(string? value, int maxLength = EventIdMaxLength) =>
        Id(value, "EventId", maxLength, "Event ids come from Get-LensmorEvent (EventId) or Search-LensmorExhibitorEvents.");

    public static string ExhibitorId(string? value, string parameterName = "ExhibitorId") =>
        Id(value, parameterName, ExhibitorIdMaxLength, "Exhibitor ids come from Get-LensmorExhibitor or Find-LensmorExhibitor (ExhibitorId).");

    /// <summary>An array filter: each value trimmed and length-checked, blanks dropped; null when nothing is left.</summary>
    public static string[]? TextList(IEnumerable<string?>? values, string parameterName, int maxLength)
    {
        var list = (values ?? Enumerable.Empty<string?>())
            .Select(v => Text(v, parameterName, maxLength, required: false))
            .Where(v => v.Length > 0)
            .ToArray();
        return list.Length == 0 ? null : list;
    }

    /// <summary>Optional whole numbers with a lower bound of 0, and min not above max when both are given.</summary>
    public static void CountRange(int? min, int? max, string minName, string maxName)
    {
        foreach (var (value, name) in new[] { (min, minName), (max, maxName) })
        {
            if (value is < 0)
            {
                throw LensmorException.InvalidArgument($"-{name} {value} is negative; the API accepts 0 or more. Nothing was sent.", value, $"Pass -{name} 0 or higher.");
            }
        }

        if (min > max)
        {
            throw LensmorException.InvalidArgument($"-{minName} {min} is above -{maxName} {max}. Nothing was sent.", min, $"Swap -{minName} and -{maxName}.");
        }
    }

    /// <summary>A company name for the paid searches; the API matches names case-insensitively and trimmed.</summary>
    public static string CompanyName(string? value) => Text(value, "CompanyName", CompanyNameMaxLength, required: true);

    public static string PersonnelId(string? value) =>
        Id(value, "PersonnelId", PersonnelIdMaxLength, "Personnel ids come from Get-LensmorPersonnel or Find-LensmorContact (PersonnelId).");

    public static string Text(string? value, string parameterName, int maxLength, bool required)
    {
        RefuseObject(value, parameterName, string.Empty);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                throw LensmorException.InvalidArgument($"-{parameterName} is empty or blank. Nothing was sent.", value, $"Pass a value for -{parameterName}.");
            }

            return string.Empty;
        }

        var trimmed = value!.Trim();
        if (trimmed.Length > maxLength)
        {
            throw LensmorException.InvalidArgument(
                $"-{parameterName} is {trimmed.Length} characters long; the API accepts at most {maxLength}. Nothing was sent.", Shorten(trimmed),
                $"Shorten -{parameterName} to {maxLength} characters or fewer.");
        }

        return trimmed;
    }

    public static void Paging(int page, int pageSize, int maxPageSize = MaxPageSize)
    {
        if (page < 1)
        {
            throw LensmorException.InvalidArgument($"-Page {page} is out of range; pages start at 1. Nothing was sent.", page, "Pass -Page 1 or higher.");
        }

        if (pageSize < 1 || pageSize > maxPageSize)
        {
            throw LensmorException.InvalidArgument(
                $"-PageSize {pageSize} is out of range; this route accepts 1 to {maxPageSize}. Nothing was sent.", pageSize, $"Pass -PageSize between 1 and {maxPageSize}.");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";
}
