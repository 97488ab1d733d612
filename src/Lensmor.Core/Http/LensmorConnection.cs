using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using Lensmor.Core.Errors;
using Lensmor.Core.Session;

namespace Lensmor.Core.Http;

/// <summary>
/// The HTTP side of a session: base URL, key, call source, timeouts and retries, and the one HttpClient every
/// request shares. It knows nothing of credits: spend limits and the journal belong to the session (Session.LensmorSession),
/// which holds a connection (never the other way round).
/// </summary>
public sealed class LensmorConnection : IDisposable
{
    private readonly HttpClient http;

    public LensmorConnection(ApiKey key, LensmorHttpOptions options, HttpMessageHandler? handler = null)
    {
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw LensmorException.InvalidArgument("The request timeout must be positive.", "TimeoutSec", "Pass a timeout of at least one second.");
        }

        Key = key;
        BaseUri = BaseUriPolicy.Validate(options.BaseUri);
        CallSource = options.CallSource;
        RequestTimeout = options.RequestTimeout;
        Retry = options.Retry.Clone();
        ProxyUri = options.Proxy;
        Account = BaseUri.GetLeftPart(UriPartial.Authority) + " " + key.Prefix + KeyFingerprint(key.Value);
        Redactor = new Redactor(key.Value);
        EnsureModernTls();

        http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true)
        {
            BaseAddress = BaseUri,
            // Each request gets its own timeout so that a timeout can be told apart from Ctrl+C.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Value);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("LensmorPS", ModuleVersion));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Client = new LensmorClient(this, http);
    }

    public static string ModuleVersion { get; } = ReadVersion();

    public Uri BaseUri { get; }
    public ApiKey Key { get; }
    public CallSource CallSource { get; }
    public TimeSpan RequestTimeout { get; }
    public RetrySettings Retry { get; }
    public Uri? ProxyUri { get; }

    /// <summary>
    /// Which account the journal's intents belong to: the host and a short one-way fingerprint of the key
    /// (never the key), so that two accounts sharing a journal never resume each other's intents.
    /// </summary>
    public string Account { get; }

    /// <summary>
    /// What the process keeps per account (the rate model, what it read a moment ago): the base URL and the key's
    /// fingerprint, so that every session and runspace on the same key shares it, and nothing else does.
    /// </summary>
    public string AccountKey => BaseUri.AbsoluteUri + " " + Account;
    public Redactor Redactor { get; }
    public LensmorClient Client { get; }

    public string CallSourceHeaderValue => CallSource == CallSource.Agent ? "agent" : "api";

    public void Dispose() => http.Dispose();

    internal static HttpClientHandler CreateHandler(LensmorHttpOptions options)
    {
        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseProxy = true,
        };
        if (options.Proxy != null)
        {
            handler.Proxy = new WebProxy(options.Proxy) { BypassProxyOnLocal = true, Credentials = options.ProxyCredential };
        }
        else
        {
            // The system proxy, with the user's Windows credentials where it asks for them.
            handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
        }

        return handler;
    }

    private static void EnsureModernTls()
    {
        // Windows PowerShell 5.1 (.NET Framework) may default to TLS 1.0; Lensmor requires 1.2 or newer.
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }
    }

    private static string KeyFingerprint(string key)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes("lensmor-journal:" + key));
        return string.Concat(hash.Take(4).Select(b => b.ToString("x2")));
    }

    private static string ReadVersion()
    {
        var version = typeof(LensmorConnection).Assembly.GetName().Version;
        return version == null ? "0.0.0" : $"{version.Major}.{version.Minor}.{version.Build}";
    }
}
