using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// Every attempt a journal holds, the archive's and the active file's, streamed for the spend log: archived
/// months oldest first, then the active file. It never holds more than one archived attempt at a time (plus
/// the active file, which compaction keeps small).
/// </summary>
public static class JournalHistory
{
    /// <summary>
    /// Each attempt as its records, oldest first. A month that ended before <paramref name="since"/> is not
    /// opened, and an archived line older than it, or of an account <paramref name="account"/> rejects, is not
    /// parsed. Rows still have to be filtered by their own time: an attempt's earlier lines can predate it.
    /// </summary>
    public static IEnumerable<IReadOnlyList<JournalRecord>> Attempts(IntentJournal journal, ILensmorHost? host, DateTimeOffset? since = null, Func<string, bool>? account = null)
    {
        // The active file first: an attempt a compaction in progress has copied to the archive, but not yet
        // removed from here, is taken from here (where its latest records are), and skipped in the archive.
        var active = new Dictionary<string, List<JournalRecord>>(StringComparer.Ordinal);
        var inOrder = new List<List<JournalRecord>>();
        foreach (var record in journal.ReadActive(host))
        {
            if (!active.TryGetValue(record.Id, out var records))
            {
                active[record.Id] = records = new List<JournalRecord>();
                inOrder.Add(records);
            }

            records.Add(record);
        }

        foreach (var (file, month) in JournalArchive.Months(journal.ArchiveFolder))
        {
            if (since is { } s && month.AddMonths(1) <= s)
            {
                continue;
            }

            foreach (var attempt in JournalArchive.Attempts(file, since, account, host))
            {
                if (!active.ContainsKey(attempt[0].Id))
                {
                    yield return attempt;
                }
            }
        }

        foreach (var attempt in inOrder)
        {
            if (account == null || account(attempt[attempt.Count - 1].Account))
            {
                yield return attempt;
            }
        }
    }
}
