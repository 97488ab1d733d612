using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Session;

/// <summary>
/// Which session a cmdlet uses: the one Connect-Lensmor made, else one built from LENSMOR_API_KEY and
/// LENSMOR_BASE_URL (kept while those stay the same, so its HttpClient is reused), else an error.
/// </summary>
public sealed class SessionResolver
{
    public const string ApiKeyVariable = "LENSMOR_API_KEY";
    public const string BaseUrlVariable = "LENSMOR_BASE_URL";
    private readonly object gate = new();
    private readonly Dictionary<string, int> seenByRunspace = new(StringComparer.Ordinal);
    private LensmorSession? connected;
    private LensmorSession? fromEnvironment;
    private string? environmentFingerprint;
    private int generation;
    private string? changedBy;
    private DateTimeOffset changedAt;

    public LensmorSession? Connected
    {
        get { lock (gate) { return connected; } }
    }

    /// <param name="runspace">Who connects (a runspace id); its later commands use this connection without question.</param>
    public void Connect(LensmorSession session, string? runspace = null)
    {
        lock (gate)
        {
            Changed(runspace);
            // Connecting again (say, with a higher -SpendLimit) must not forget what this account already spent.
            var previous = connected ?? fromEnvironment;
            if (previous != null && previous.Account == session.Account)
            {
                session.SpendLimit.CarryOver(previous.SpendLimit);
            }

            connected?.Dispose();
            connected = session;
        }
    }

    public bool Disconnect(string? runspace = null)
    {
        lock (gate)
        {
            Changed(runspace);
            var had = connected != null;
            connected?.Dispose();
            connected = null;
            return had;
        }
    }

    /// <summary>
    /// The connection is process-wide, as Microsoft.Graph's is, so that ForEach-Object -Parallel runspaces and
    /// thread jobs share one -SpendLimit. What it must never do is switch a runspace's paid commands to another
    /// key or base URL behind its back: a runspace that used one connection and finds that another runspace
    /// has since connected (or disconnected) is told, and its paid commands are refused until it runs
    /// Connect-Lensmor itself. A runspace that never ran a Lensmor command adopts the connection as it is.
    /// </summary>
    /// <returns>A warning for a free command, or null when nothing changed.</returns>
    public string? Observe(string runspace, bool paid)
    {
        lock (gate)
        {
            if (seenByRunspace.TryGetValue(runspace, out var seen) && seen != generation && changedBy != runspace)
            {
                var now = connected == null ? "the environment variables ($env:LENSMOR_API_KEY)" : $"{connected.BaseUri} with a {connected.Key.Prefix} key";
                var message = $"Another runspace changed the Lensmor connection at {changedAt:u} (Connect-Lensmor or Disconnect-Lensmor, say in a thread job): commands now go to {now}.";
                if (paid)
                {
                    throw new LensmorException(ErrorIds.ConnectionChanged, LensmorErrorCategory.PermissionDenied,
                        message + " This paid command was not sent. Nothing was charged.",
                        "Run Connect-Lensmor in this runspace with the key and base URL you mean (Get-LensmorContext shows the connection now in use); paid commands here are refused until then.",
                        isTerminating: true, "Connection");
                }

                return message;
            }

            if (!seenByRunspace.ContainsKey(runspace))
            {
                seenByRunspace[runspace] = generation;
            }

            return null;
        }
    }

    private void Changed(string? runspace)
    {
        generation++;
        changedBy = runspace;
        changedAt = DateTimeOffset.UtcNow;
        if (runspace != null)
        {
            seenByRunspace[runspace] = generation;
        }
    }

    public LensmorSession Resolve(Func<string, string?> environment)
    {
        lock (gate)
        {
            if (connected != null)
            {
                return connected;
            }

            var key = environment(ApiKeyVariable);
            var baseUrl = environment(BaseUrlVariable);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new LensmorException(ErrorIds.NotConnected, LensmorErrorCategory.AuthenticationError,
                    "No Lensmor connection: Connect-Lensmor has not been run and $env:LENSMOR_API_KEY is not set.",
                    "Run Connect-Lensmor -ApiKey (Read-Host -AsSecureString), or set $env:LENSMOR_API_KEY (and $env:LENSMOR_BASE_URL for the sandbox).",
                    isTerminating: true, "LENSMOR_API_KEY");
            }

            // The journal's variables are part of it: the paid cmdlets and Get-LensmorSpendLog resolve the
            // journal the same way at the same moment (see CurrentJournal).
            var fingerprint = key + "\n" + baseUrl + "\n" + environment(IntentJournal.PathVariable) + "\n" + environment(IntentJournal.SwitchVariable);
            if (fromEnvironment == null || environmentFingerprint != fingerprint)
            {
                var session = new LensmorSession(ApiKey.Parse(key, ApiKeySource.Environment), new LensmorConnectionOptions
                {
                    BaseUri = baseUrl,
                    Journal = IntentJournal.Resolve(null, disabled: false, environment),
                });
                fromEnvironment?.Dispose();
                fromEnvironment = session;
                environmentFingerprint = fingerprint;
            }

            return fromEnvironment;
        }
    }

    /// <summary>
    /// The journal the paid cmdlets write right now: the connected session's, else the one the environment
    /// names (the same resolution <see cref="Resolve"/> gives an environment session). Null when switched off.
    /// </summary>
    public IntentJournal? CurrentJournal(Func<string, string?> environment)
    {
        if (Connected is { } session)
        {
            return session.Journal;
        }

        return string.IsNullOrWhiteSpace(environment(ApiKeyVariable))
            ? IntentJournal.Resolve(null, disabled: false, environment)
            : Resolve(environment).Journal;
    }

    /// <summary>
    /// The account (endpoint and key fingerprint) the paid cmdlets would spend from right now, resolved as
    /// <see cref="CurrentJournal"/> resolves the journal; null when there is none, or $env:LENSMOR_API_KEY is
    /// malformed (the spend log then shows every account, and a plan's account is not checked).
    /// </summary>
    public string? CurrentAccount(Func<string, string?> environment)
    {
        if (Connected is { } session)
        {
            return session.Account;
        }

        try
        {
            return string.IsNullOrWhiteSpace(environment(ApiKeyVariable)) ? null : Resolve(environment).Account;
        }
        catch (LensmorException)
        {
            return null;
        }
    }

    /// <summary>
    /// Get-LensmorContext: the Connect-Lensmor session, else the one the environment gives, else an object
    /// that says no key is set (scripts test KeySource rather than catching an error).
    /// </summary>
    public ContextInfo DescribeCurrent(Func<string, string?> environment)
    {
        if (Connected is { } connectedSession)
        {
            return Describe(connectedSession, connected: true);
        }

        if (string.IsNullOrWhiteSpace(environment(ApiKeyVariable)))
        {
            return new ContextInfo
            {
                BaseUri = BaseUriPolicy.Validate(environment(BaseUrlVariable)).ToString(),
                KeySource = "(none)",
                CallSource = "api",
                Connected = false,
                JournalPath = CurrentJournal(environment)?.Path ?? "(off)",
            };
        }

        return Describe(Resolve(environment), connected: false);
    }

    public static ContextInfo Describe(LensmorSession? session, bool connected) => session == null
        ? new ContextInfo { Connected = false }
        : new ContextInfo
        {
            BaseUri = session.BaseUri.ToString(),
            KeySource = session.Key.Source == ApiKeySource.Environment ? "Environment (" + ApiKeyVariable + ")" : session.Key.Source.ToString(),
            KeyPrefix = session.Key.Prefix,
            CallSource = session.CallSourceHeaderValue,
            RequestTimeoutSec = (int)session.RequestTimeout.TotalSeconds,
            Proxy = session.ProxyUri?.ToString() ?? "(system)",
            Connected = connected,
            Account = Spending.BudgetPeriods.SplitAccount(session.Account).Name,
            SpendLimit = session.SpendLimit.Limit,
            SpentThisSession = session.SpendLimit.Spent,
            SpendLimitRemaining = session.SpendLimit.Remaining,
            Budget = BudgetSummary(session),
            JournalPath = session.Journal?.Path ?? "(off)",
        };

    /// <summary>The budget line of the context; a journal that cannot be read says so instead of failing Get-LensmorContext.</summary>
    private static string? BudgetSummary(LensmorSession session)
    {
        if (session.Journal == null)
        {
            return null;
        }

        try
        {
            return new Spending.BudgetBook(session.Journal).Summary(session.Account);
        }
        catch (LensmorException e)
        {
            return "(unreadable: " + e.Message + ")";
        }
    }
}
