using System.Text;
using Newtonsoft.Json;

namespace Lensmor.Core.Spending;

/// <summary>
/// Moves settled history out of the active journal into its archive, under the journal's lock, so that what
/// a paid run reads does not grow with the years. It also upgrades a journal written before archiving existed
/// (one file, no header): the first compaction reads it in two streaming passes and never holds it whole.
/// </summary>
/// <remarks>
/// An attempt moves when it settled more than <see cref="IntentJournal.ArchiveAfter"/> ago and no attempt of
/// its intent is still open (so resuming an intent always finds every attempt of it in the active file). Its
/// lines go, unchanged and together, to the file of the month it settled in; what it counts against a budget
/// is added to the new header's day totals. Unreadable lines go to unreadable.jsonl, kept but not read.
///
/// Crash safety: before the archive is appended to, a pending marker records each touched file's length and
/// the new generation. The new active file replaces the old in one rename, which is the commit. A marker found
/// later whose generation is not the active file's means the rename never happened: the archive is cut back
/// to the recorded lengths. Readers outside the lock may briefly see an attempt in both places; they prefer
/// the active file's copy (<see cref="JournalHistory"/>).
/// </remarks>
internal sealed class JournalCompaction
{
    private readonly IntentJournal journal;
    private readonly DateTimeOffset now;
    private readonly Dictionary<string, Attempt> attempts = new(StringComparer.Ordinal);
    private readonly HashSet<int> unreadable = new();
    private JournalHeader? oldHeader;
    private long end;

    private JournalCompaction(IntentJournal journal, DateTimeOffset now)
    {
        this.journal = journal;
        this.now = now;
    }

    /// <summary>Called between the steps with the step's name; a test throws from it to stand for a crash there.</summary>
    internal static Action<string>? AfterStep { get; set; }

    private string PendingPath => System.IO.Path.Combine(journal.ArchiveFolder, JournalArchive.PendingFile);

    private string TemporaryPath => journal.Path + ".compacting";

    /// <summary>Compacts the journal; the caller holds its lock. Returns how many unreadable lines were moved aside.</summary>
    public static int Run(IntentJournal journal, DateTimeOffset now)
    {
        Recover(journal);
        if (!File.Exists(journal.Path))
        {
            return 0;
        }

        return new JournalCompaction(journal, now).Compact();
    }

    /// <summary>Undoes the archive side of a compaction that crashed before its commit; forgets the marker of one that committed.</summary>
    public static void Recover(IntentJournal journal)
    {
        var pendingPath = System.IO.Path.Combine(journal.ArchiveFolder, JournalArchive.PendingFile);
        if (!File.Exists(pendingPath))
        {
            return;
        }

        var pending = JsonConvert.DeserializeObject<Pending>(File.ReadAllText(pendingPath)) ?? new Pending();
        if (JournalHeader.PeekGeneration(journal.Path) != pending.Generation)
        {
            foreach (var file in pending.Lengths)
            {
                var path = System.IO.Path.Combine(journal.ArchiveFolder, file.Key);
                if (file.Value < 0)
                {
                    File.Delete(path);
                }
                else if (File.Exists(path))
                {
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                    stream.SetLength(Math.Min(stream.Length, file.Value));
                }
            }
        }

        File.Delete(journal.Path + ".compacting");
        File.Delete(pendingPath);
    }

    private int Compact()
    {
        Survey();
        var openKeys = new HashSet<string>(attempts.Values.Where(a => a.LastState != JournalRecord.Settled).Select(a => a.Key), StringComparer.Ordinal);
        var cutoff = now - journal.ArchiveAfter;
        foreach (var attempt in attempts.Values)
        {
            attempt.Archived = attempt.LastState == JournalRecord.Settled && attempt.SettledAt <= cutoff && !openKeys.Contains(attempt.Key);
        }

        var header = NewHeader();
        JournalFiles.EnsureFolder(journal.Path, journal.ArchiveFolder);
        var sinks = new Dictionary<string, FileStream>(StringComparer.Ordinal);
        try
        {
            WritePending(header.Generation);
            AfterStep?.Invoke("pending");
            using (var kept = JournalFiles.CreateOwnerOnly(TemporaryPath))
            {
                var bytes = Encoding.UTF8.GetBytes(header.ToLine());
                kept.Write(bytes, 0, bytes.Length);
                Distribute(kept, sinks);
                kept.Flush(flushToDisk: true);
            }

            foreach (var sink in sinks.Values)
            {
                sink.Flush(flushToDisk: true);
            }

            AfterStep?.Invoke("archived");
        }
        finally
        {
            foreach (var sink in sinks.Values)
            {
                sink.Dispose();
            }
        }

        JournalFiles.Replace(TemporaryPath, journal.Path);
        AfterStep?.Invoke("replaced");
        File.Delete(PendingPath);
        return unreadable.Count;
    }

    /// <summary>Pass one: each attempt's state, the month it settled in and what it counts against a budget.</summary>
    private void Survey()
    {
        using var stream = JournalLines.OpenShared(journal.Path);
        end = stream.Length;
        var index = 0;
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in JournalLines.Read(stream, 0))
        {
            if (line.Offset == 0 && JournalHeader.IsHeader(line.Text))
            {
                oldHeader = JournalHeader.Parse(line.Text);
                continue;
            }

            var record = IntentJournal.ParseRecord(line.Text);
            if (record == null)
            {
                if (line.Text.Trim().Length > 0)
                {
                    unreadable.Add(index);
                }

                index++;
                continue;
            }

            if (!attempts.TryGetValue(record.Id, out var attempt))
            {
                attempts[record.Id] = attempt = new Attempt(record.Key);
            }

            attempt.LastState = record.State;
            attempt.SettledAt = record.At;
            attempt.LastLine = index++;
            attempt.Account = accounts.TryGetValue(record.Account, out var shared) ? shared : accounts[record.Account] = record.Account;
            attempt.Credits = JournalAttempts.CountedCredits(record, coveredBySender: false);
            attempt.Bytes += line.Length;
        }
    }

    private JournalHeader NewHeader()
    {
        var header = new JournalHeader
        {
            Generation = Guid.NewGuid().ToString("N"),
            CompactedAt = now,
            KeptLength = attempts.Values.Where(a => !a.Archived).Sum(a => a.Bytes),
            ArchivedSpend = oldHeader?.ArchivedSpend ?? new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal),
        };
        foreach (var attempt in attempts.Values.Where(a => a.Archived))
        {
            header.AddSpend(attempt.Account, attempt.SettledAt, attempt.Credits);
        }

        header.Prune(now);
        return header;
    }

    /// <summary>Records, before the archive is touched, how long each file it will append to is now.</summary>
    private void WritePending(string generation)
    {
        var files = attempts.Values.Where(a => a.Archived).Select(a => System.IO.Path.GetFileName(JournalArchive.MonthFile(journal.ArchiveFolder, a.SettledAt))).Distinct().ToList();
        if (unreadable.Count > 0 || !JournalLines.EndsWithNewline(journal.Path, end))
        {
            files.Add(JournalArchive.UnreadableFile);
        }

        var pending = new Pending { Generation = generation };
        foreach (var file in files)
        {
            var info = new FileInfo(System.IO.Path.Combine(journal.ArchiveFolder, file));
            pending.Lengths[file] = info.Exists ? info.Length : -1;
        }

        JournalFiles.WriteAtomically(PendingPath, JsonConvert.SerializeObject(pending));
    }

    /// <summary>Pass two: each line to the new active file, its month's archive, or aside; an archived attempt's lines are written together.</summary>
    private void Distribute(Stream kept, Dictionary<string, FileStream> sinks)
    {
        var waiting = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var index = 0;
        long complete = 0;
        using var stream = JournalLines.OpenShared(journal.Path);
        foreach (var line in JournalLines.Read(stream, 0))
        {
            if (line.End > end)
            {
                break;
            }

            complete = line.End;
            if (line.Offset == 0 && JournalHeader.IsHeader(line.Text))
            {
                continue;
            }

            if (line.Text.Trim().Length == 0)
            {
                index++;
                continue;
            }

            var current = index++;
            if (unreadable.Contains(current))
            {
                Write(Sink(sinks, JournalArchive.UnreadableFile), line.Text);
                continue;
            }

            var id = JournalLines.Field(line.Text, "id") ?? IntentJournal.ParseRecord(line.Text)!.Id;
            var attempt = attempts[id];
            if (!attempt.Archived)
            {
                Write(kept, line.Text);
                continue;
            }

            if (!waiting.TryGetValue(id, out var lines))
            {
                waiting[id] = lines = new List<string>();
            }

            lines.Add(line.Text);
            if (current == attempt.LastLine)
            {
                var month = Sink(sinks, System.IO.Path.GetFileName(JournalArchive.MonthFile(journal.ArchiveFolder, attempt.SettledAt)));
                lines.ForEach(l => Write(month, l));
                waiting.Remove(id);
            }
        }

        if (complete < end)
        {
            // A line a writer never finished (it died: writers hold the lock this compaction holds).
            stream.Seek(complete, SeekOrigin.Begin);
            var torn = new byte[end - complete];
            var read = stream.Read(torn, 0, torn.Length);
            Write(Sink(sinks, JournalArchive.UnreadableFile), Encoding.UTF8.GetString(torn, 0, read));
            unreadable.Add(-1);
        }
    }

    private FileStream Sink(Dictionary<string, FileStream> sinks, string name)
    {
        if (!sinks.TryGetValue(name, out var sink))
        {
            sinks[name] = sink = JournalFiles.OpenForAppend(System.IO.Path.Combine(journal.ArchiveFolder, name), out _);
        }

        return sink;
    }

    private static void Write(Stream stream, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        stream.Write(bytes, 0, bytes.Length);
    }

    private sealed class Attempt
    {
        public Attempt(string key) => Key = key;

        public string Key { get; }
        public string LastState { get; set; } = JournalRecord.Intended;
        public DateTimeOffset SettledAt { get; set; }
        public int LastLine { get; set; }
        public string Account { get; set; } = string.Empty;
        public decimal Credits { get; set; }
        public long Bytes { get; set; }
        public bool Archived { get; set; }
    }

    private sealed class Pending
    {
        [JsonProperty("generation")] public string Generation { get; set; } = string.Empty;
        [JsonProperty("lengths")] public Dictionary<string, long> Lengths { get; set; } = new(StringComparer.Ordinal);
    }
}
