using System.Net;
using Lensmor.Core.Errors;

namespace Lensmor.Core.Http;

public static class BaseUriPolicy
{
    public const string DefaultBaseUri = "https://platform.lensmor.com";

    /// <summary>https everywhere; plain http only to this machine (the sandbox), never across a network.</summary>
    public static Uri Validate(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultBaseUri : value!.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw LensmorException.InvalidArgument(
                $"'{text}' is not an absolute http(s) URL.", "BaseUri",
                $"Pass a URL such as {DefaultBaseUri} or, for the sandbox, http://127.0.0.1:5080.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw LensmorException.InvalidArgument(
                $"'{text}' uses plain http to a host that is not this machine; the API key would cross the network unencrypted.", "BaseUri",
                "Use an https:// URL; plain http is accepted only for loopback addresses (127.0.0.1, localhost, ::1).");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw LensmorException.InvalidArgument(
                $"The base URL must not carry a query, fragment or user info.", "BaseUri",
                $"Pass only scheme, host, port and path, such as {DefaultBaseUri}.");
        }

        var builder = new UriBuilder(uri);
        if (!builder.Path.EndsWith("/", StringComparison.Ordinal))
        {
            builder.Path += "/";
        }

        // Lensmor's documentation writes routes as /external/...; a base URL copied with that segment would make
        // every route /external/external/... and every answer a 404 about the id. The segment is the module's.
        if (builder.Path.EndsWith("/external/", StringComparison.OrdinalIgnoreCase))
        {
            builder.Path = builder.Path.Substring(0, builder.Path.Length - "external/".Length);
        }

        return builder.Uri;
    }

    public static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback)
        {
            return true;
        }

        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
    }
}
