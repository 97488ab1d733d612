using Lensmor.Core.Errors;

namespace Lensmor.Core.Http;

public enum ApiKeySource
{
    Parameter,
    Credential,
    Environment,
}

/// <summary>
/// A Lensmor key. Its value is reachable only inside Core, for the Authorization header and for
/// redaction; every way of printing it shows the prefix alone.
/// </summary>
public sealed class ApiKey
{
    private static readonly string[] Prefixes = { "sk_", "uak_" };

    private ApiKey(string value, ApiKeySource source)
    {
        Value = value;
        Source = source;
    }

    internal string Value { get; }

    public ApiKeySource Source { get; }

    /// <summary>sk_ (Business keys, docs 0.23.1 on) or uak_ (user keys, 0.22).</summary>
    public string Prefix => Prefixes.First(p => Value.StartsWith(p, StringComparison.Ordinal));

    public static ApiKey Parse(string? raw, ApiKeySource source)
    {
        const string where = "Get a key in Lensmor under Settings > API Keys and pass it to Connect-Lensmor -ApiKey (a SecureString) or set $env:LENSMOR_API_KEY.";
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw LensmorException.InvalidArgument("The Lensmor API key is empty.", "ApiKey", where);
        }

        var key = raw!.Trim();
        if (key.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Bearer\t", StringComparison.OrdinalIgnoreCase))
        {
            throw LensmorException.InvalidArgument(
                "The API key starts with 'Bearer '. Pass the key alone; the module adds the Bearer scheme itself.",
                "ApiKey",
                "Remove the 'Bearer ' prefix from the key and run the command again.");
        }

        if (key.Any(char.IsWhiteSpace) || key.Any(char.IsControl))
        {
            throw LensmorException.InvalidArgument("The API key contains spaces or control characters.", "ApiKey", where);
        }

        if (key.Any(c => c < '!' || c > '~'))
        {
            // An Authorization header carries visible ASCII only; anything else is a copy-and-paste accident,
            // not a connection problem, and retrying cannot fix it.
            throw LensmorException.InvalidArgument("The API key contains characters that no HTTP header can carry (only visible ASCII is allowed); it was probably pasted with a stray character.", "ApiKey", where);
        }

        if (!Prefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)) || key.Length < 8)
        {
            throw LensmorException.InvalidArgument("That is not a Lensmor API key: keys start with 'sk_' or 'uak_'.", "ApiKey", where);
        }

        return new ApiKey(key, source);
    }

    public override string ToString() => Prefix + "****";
}
