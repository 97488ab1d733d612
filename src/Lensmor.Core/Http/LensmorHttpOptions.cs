using System.Net;

namespace Lensmor.Core.Http;

/// <summary>
/// What a <see cref="LensmorConnection"/> needs to reach Lensmor: endpoint, call source, timeout, retries and
/// proxy. The session's options add what spending needs on top (Session.LensmorConnectionOptions).
/// </summary>
public class LensmorHttpOptions
{
    public string? BaseUri { get; set; }
    public CallSource CallSource { get; set; } = CallSource.Api;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public RetrySettings Retry { get; set; } = new();

    /// <summary>Null uses the system proxy, as HttpClient does by default.</summary>
    public Uri? Proxy { get; set; }
    public NetworkCredential? ProxyCredential { get; set; }
}
