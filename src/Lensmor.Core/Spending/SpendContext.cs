using Lensmor.Core.Http;

namespace Lensmor.Core.Spending;

/// <summary>
/// What a paid run takes from the session, and nothing more: the client that sends, the account the journal
/// files intents under, the session's spend limit and the journal. The session (above) builds it; spending
/// never sees the session.
/// </summary>
public sealed class SpendContext
{
    public SpendContext(LensmorClient client, string account, SpendLimit spendLimit, IntentJournal? journal)
    {
        Client = client;
        Account = account;
        SpendLimit = spendLimit;
        Journal = journal;
    }

    public LensmorClient Client { get; }

    /// <summary>Which account the journal's intents belong to (see LensmorConnection.Account).</summary>
    public string Account { get; }

    public SpendLimit SpendLimit { get; }

    /// <summary>Null when the journal is switched off.</summary>
    public IntentJournal? Journal { get; }
}
