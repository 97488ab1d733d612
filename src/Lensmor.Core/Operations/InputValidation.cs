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

    public static string Id(string? value, string parameterName, int maxLength, string? listHint = null)
    {
        var hint = listHint ?? "Pass the id exactly as the API returned it.";
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

    public static string EventId(string? value) =>
        Id(value, "EventId", EventIdMaxLength, "Event ids come from Get-LensmorEvent (EventId) or Search-LensmorExhibitorEvents.");

    public static string PersonnelId(string? value) =>
        Id(value, "PersonnelId", PersonnelIdMaxLength, "Personnel ids come from Get-LensmorPersonnel or Find-LensmorContact (PersonnelId).");

    public static string Text(string? value, string parameterName, int maxLength, bool required)
    {
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
