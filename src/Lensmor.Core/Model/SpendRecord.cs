namespace Lensmor;

/// <summary>One paid action as the spend log reports it: one flat row for finance reconciliation.</summary>
public sealed class SpendRecord
{
    /// <summary>When the action settled (or, for Unknown, when it was sent), UTC; prints as ISO 8601 (2026-11-30T10:05:00Z).</summary>
    public UtcTime Time { get; set; }
    public string Cmdlet { get; set; } = string.Empty;
    public string Action { get; set; } = string.Empty;

    /// <summary>Target ids joined with "; " (a contact run's are "event:person" pairs).</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>How many targets <see cref="Target"/> names.</summary>
    public int TargetCount { get; set; }

    public string Scope { get; set; } = string.Empty;
    public decimal ExpectedCredits { get; set; }

    /// <summary>What was charged; null when the outcome is Unknown.</summary>
    public decimal? ChargedCredits { get; set; }
    public decimal? BalanceAfter { get; set; }
    public string? TraceId { get; set; }
    public string? TaskIds { get; set; }

    /// <summary>Charged, Free, Refused, Failed or Unknown.</summary>
    public string Outcome { get; set; } = string.Empty;
    public string? Note { get; set; }

    /// <summary>Whose credits: the key's prefix and one-way fingerprint (never the key), e.g. sk_1a2b3c4d.</summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>Where they were spent: the endpoint's scheme, host and port (a sandbox's rows are its own).</summary>
    public string BaseUri { get; set; } = string.Empty;
    public string IntentKey { get; set; } = string.Empty;

    /// <summary>
    /// <see cref="Target"/> short enough for a table: "5 at 139001" for a contact run of five people at event
    /// 139001 ("12 at 3 events" across several), the target itself when there is one, otherwise "3 targets".
    /// </summary>
    public string TargetSummary
    {
        get
        {
            var targets = Join.Split(Target);
            var events = targets.Select(t => t.IndexOf(':') is var colon and > 0 ? t.Substring(0, colon) : null).ToList();
            if (targets.Length == 0 || events.Any(e => e == null))
            {
                return targets.Length <= 1 ? Target : $"{targets.Length} targets";
            }

            var distinct = events.Distinct(StringComparer.Ordinal).ToList();
            return distinct.Count == 1 ? $"{targets.Length} at {distinct[0]}" : $"{targets.Length} at {distinct.Count} events";
        }
    }

    public override string ToString() => $"{Time} {Cmdlet} {TargetSummary}: {Outcome}, {Lensmor.Core.Credits.Format(ChargedCredits)} credits";
}
