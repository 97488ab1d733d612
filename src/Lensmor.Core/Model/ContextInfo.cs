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

    /// <summary>Connect-Lensmor -SpendLimit, or null for none.</summary>
    public decimal? SpendLimit { get; set; }

    /// <summary>Credits this session has spent (as charged).</summary>
    public decimal Spent { get; set; }

    /// <summary>What the spend limit leaves, or null without a limit.</summary>
    public decimal? Remaining { get; set; }

    /// <summary>The intent journal file, or "(off)".</summary>
    public string JournalPath { get; set; } = string.Empty;

    public override string ToString() => $"{BaseUri} (key from {KeySource})";
}
