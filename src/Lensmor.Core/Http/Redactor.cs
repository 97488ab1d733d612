using System.Text.RegularExpressions;

namespace Lensmor.Core.Http;

/// <summary>Removes the key (and any bearer token) from text before it reaches a log line or an error.</summary>
public sealed class Redactor
{
    public const string Mask = "***";
    private static readonly Regex BearerToken = new(@"(?i)(bearer\s+)\S+", RegexOptions.Compiled);
    private readonly string? secret;

    public Redactor(string? secret)
    {
        this.secret = string.IsNullOrEmpty(secret) ? null : secret;
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = text!;
        if (secret != null && result.IndexOf(secret, StringComparison.Ordinal) >= 0)
        {
            result = result.Replace(secret, Mask);
        }

        return BearerToken.Replace(result, "$1" + Mask);
    }
}
