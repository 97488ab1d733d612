using System.Globalization;
using System.Text.RegularExpressions;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// The journal's settled history: &lt;journal&gt;.archive/yyyy-MM.jsonl, one file per UTC month in which attempts
/// settled, each attempt's lines together (exactly as they were written), attempts in the order they settled.
/// Only compaction writes it, under the journal's lock.
/// </summary>
internal static class JournalArchive
{
    public const string UnreadableFile = "unreadable.jsonl";
    public const string PendingFile = "compaction.pending.json";
    private static readonly Regex MonthName = new(@"^(\d{4})-(\d{2})\.jsonl$", RegexOptions.CultureInvariant);

    public static string MonthFile(string folder, DateTimeOffset settledAt) =>
        System.IO.Path.Combine(folder, settledAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture) + ".jsonl");

    /// <summary>The month files, oldest first, each with the first moment of its month (UTC).</summary>
    public static IEnumerable<(string Path, DateTimeOffset Month)> Months(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return Enumerable.Empty<(string, DateTimeOffset)>();
        }

        return Directory.GetFiles(folder, "*.jsonl")
            .Select(f => (Path: f, Match: MonthName.Match(System.IO.Path.GetFileName(f))))
            .Select(f => (f.Path, Year: f.Match.Success ? int.Parse(f.Match.Groups[1].Value, CultureInfo.InvariantCulture) : 0, Month: f.Match.Success ? int.Parse(f.Match.Groups[2].Value, CultureInfo.InvariantCulture) : 0))
            .Where(f => f.Year >= 1 && f.Month is >= 1 and <= 12)
            .Select(f => (f.Path, Month: new DateTimeOffset(f.Year, f.Month, 1, 0, 0, 0, TimeSpan.Zero)))
            .OrderBy(f => f.Month)
            .ToList();
    }

    /// <summary>
    /// The attempts of one month file, each as its records. A line older than <paramref name="since"/>, or of an
    /// account <paramref name="wanted"/> rejects, is passed over without parsing its JSON (its id, time and
    /// account are read from the text). A corrupt line is skipped with a warning.
    /// </summary>
    public static IEnumerable<List<JournalRecord>> Attempts(string file, DateTimeOffset? since, Func<string, bool>? wanted, ILensmorHost? host)
    {
        FileStream stream;
        try
        {
            stream = JournalLines.OpenShared(file);
        }
        catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
        {
            yield break;
        }

        using (stream)
        {
            string? id = null;
            var group = new List<JournalRecord>();
            var lineNumber = 0;
            foreach (var line in JournalLines.Read(stream, 0))
            {
                lineNumber++;
                JournalRecord? record = null;
                var lineId = JournalLines.Field(line.Text, "id");
                if (lineId == null && (record = IntentJournal.ParseRecord(line.Text)) != null)
                {
                    lineId = record.Id; // an id with an escape in it: read the line to know it
                }

                if (lineId != id && group.Count > 0)
                {
                    yield return group;
                    group = new List<JournalRecord>();
                }

                id = lineId;
                if (lineId != null && Skipped(line.Text, since, wanted))
                {
                    continue;
                }

                record ??= IntentJournal.ParseRecord(line.Text);
                if (record == null)
                {
                    host?.WriteWarning($"The Lensmor journal's archive {file} has an unreadable line {lineNumber}; it is skipped.");
                    continue;
                }

                group.Add(record);
            }

            if (group.Count > 0)
            {
                yield return group;
            }
        }
    }

    private static bool Skipped(string line, DateTimeOffset? since, Func<string, bool>? wanted)
    {
        if (since is { } s && JournalLines.At(line) is { } at && at < s)
        {
            return true;
        }

        return wanted != null && JournalLines.Field(line, "account") is { } account && !wanted(account);
    }

    /// <summary>Whether an archived attempt of <paramref name="key"/>, other than <paramref name="attemptId"/>, settled as charged; newest month first.</summary>
    public static bool AnyCharged(IntentJournal journal, string key, string attemptId)
    {
        var needle = "\"key\":\"" + key + "\"";
        foreach (var (file, _) in Months(journal.ArchiveFolder).Reverse())
        {
            using var stream = JournalLines.OpenShared(file);
            foreach (var line in JournalLines.Read(stream, 0))
            {
                if (line.Text.IndexOf(needle, StringComparison.Ordinal) >= 0 &&
                    IntentJournal.ParseRecord(line.Text) is { } record && record.Key == key && record.Id != attemptId && JournalAttempts.IsCharged(record))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
