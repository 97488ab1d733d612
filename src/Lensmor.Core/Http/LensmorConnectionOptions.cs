using System.Net;

namespace Lensmor.Core.Http;

public sealed class LensmorConnectionOptions
{
    public string? BaseUri { get; set; }
    public CallSource CallSource { get; set; } = CallSource.Api;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public RetrySettings Retry { get; set; } = new();

    /// <summary>Null uses the system proxy, as HttpClient does by default.</summary>
    public Uri? Proxy { get; set; }
    public NetworkCredential? ProxyCredential { get; set; }

    /// <summary>The most this session may spend in total; null for no limit.</summary>
    public decimal? SpendLimit { get; set; }

    /// <summary>The intent journal; null when switched off (-NoJournal or $env:LENSMOR_JOURNAL=off).</summary>
    public Spending.IntentJournal? Journal { get; set; }
}
