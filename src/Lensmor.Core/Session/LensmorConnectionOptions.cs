using Lensmor.Core.Http;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Session;

/// <summary>Everything Connect-Lensmor decides: how to reach Lensmor, and the spend limit and journal of the session.</summary>
public sealed class LensmorConnectionOptions : LensmorHttpOptions
{
    /// <summary>The most this session may spend in total; null for no limit.</summary>
    public decimal? SpendLimit { get; set; }

    /// <summary>The intent journal; null when switched off (-NoJournal or $env:LENSMOR_JOURNAL=off).</summary>
    public IntentJournal? Journal { get; set; }
}
