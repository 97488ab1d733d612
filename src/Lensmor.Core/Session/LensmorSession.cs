using Lensmor.Core.Http;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Session;

/// <summary>
/// One Lensmor session: its <see cref="LensmorConnection"/> (key, base URL, HttpClient) plus what spending
/// needs on top of HTTP: the session's spend limit and the intent journal. The session points at the
/// connection and at spending; neither of them ever sees the session.
/// </summary>
public sealed class LensmorSession : IDisposable
{
    public LensmorSession(ApiKey key, LensmorConnectionOptions options, HttpMessageHandler? handler = null)
    {
        Connection = new LensmorConnection(key, options, handler);
        SpendLimit = new SpendLimit(options.SpendLimit);
        Journal = options.Journal;
        Spending = new SpendContext(Connection.Client, Connection.Account, SpendLimit, Journal);
    }

    public static string ModuleVersion => LensmorConnection.ModuleVersion;

    public LensmorConnection Connection { get; }
    public SpendLimit SpendLimit { get; }
    public IntentJournal? Journal { get; }

    /// <summary>What paid runs take from this session: client, account, spend limit and journal.</summary>
    public SpendContext Spending { get; }

    // Operations read the connection's facts through the session they are given.
    public Uri BaseUri => Connection.BaseUri;
    public ApiKey Key => Connection.Key;
    public CallSource CallSource => Connection.CallSource;
    public TimeSpan RequestTimeout => Connection.RequestTimeout;
    public RetrySettings Retry => Connection.Retry;
    public Uri? ProxyUri => Connection.ProxyUri;

    /// <inheritdoc cref="LensmorConnection.Account"/>
    public string Account => Connection.Account;
    public Redactor Redactor => Connection.Redactor;
    public LensmorClient Client => Connection.Client;
    public string CallSourceHeaderValue => Connection.CallSourceHeaderValue;

    public void Dispose() => Connection.Dispose();
}
