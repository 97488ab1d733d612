namespace Lensmor;

/// <summary>Where the module sends requests and where its key came from. Never the key itself.</summary>
public sealed class ContextInfo
{
    public string BaseUri { get; set; } = string.Empty;

    /// <summary>Parameter, Credential, or Environment (LENSMOR_API_KEY).</summary>
    public string KeySource { get; set; } = string.Empty;

    /// <summary>The key's prefix only (sk_ or uak_), to tell Business keys from user keys.</summary>
    public string KeyPrefix { get; set; } = string.Empty;

    public string CallSource { get; set; } = string.Empty;
    public int RequestTimeoutSec { get; set; }
    public string? Proxy { get; set; }
    public bool Connected { get; set; }

    /// <summary>The account's key prefix and one-way fingerprint (never the key), as the spend log and budgets show it.</summary>
    public string? Account { get; set; }

    /// <summary>Connect-Lensmor -SpendLimit, or null for none: a cap on this session only.</summary>
    public decimal? SpendLimit { get; set; }

    /// <summary>
    /// Credits charged through this session only, since the Connect-Lensmor that made it (carried over when the
    /// same account connects again in this process). Other processes and earlier sessions are in the spend log
    /// (Get-LensmorSpendLog) and in budgets (Get-LensmorBudget).
    /// </summary>
    public decimal SpentThisSession { get; set; }

    /// <summary>What the session's -SpendLimit leaves, or null without a limit.</summary>
    public decimal? SpendLimitRemaining { get; set; }

    /// <summary>The account's budgets (Set-LensmorBudget) and what each has left this period, e.g. "Day: 8,000 of 10,000 left"; null without one.</summary>
    public string? Budget { get; set; }

    /// <summary>The intent journal file, or "(off)".</summary>
    public string JournalPath { get; set; } = string.Empty;

    public override string ToString() => $"{BaseUri} (key from {KeySource})";
}
