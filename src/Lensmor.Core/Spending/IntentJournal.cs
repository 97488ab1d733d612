using System.Security.Cryptography;
using System.Text;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Newtonsoft.Json;

namespace Lensmor.Core.Spending;

/// <summary>
/// The intent journal: every paid intent is appended as intended, then sent, then settled, so that an
/// intent that was sent but never settled (a timeout, a crash, Ctrl+C) is resumed instead of sent again.
/// JSON lines in the user's local application data; several PowerShell processes may share it.
/// </summary>
/// <remarks>
/// The file a paid run reads stays small however long the journal lives: once it has grown past
/// <see cref="CompactAfterBytes"/> and doubled since it was last compacted, settled attempts older than
/// <see cref="ArchiveAfter"/> move to an archive by month beside it (<see cref="JournalCompaction"/>), which
/// the spend log still reads (<see cref="JournalHistory"/>). An intent with an attempt still open is never
/// archived, so everything resuming it needs stays here.
/// </remarks>
public sealed class IntentJournal
{
    public const string PathVariable = "LENSMOR_JOURNAL_PATH";
    public const string SwitchVariable = "LENSMOR_JOURNAL";

    internal static readonly JsonSerializerSettings LineSettings = new()
    {
        DateParseHandling = DateParseHandling.DateTimeOffset,
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    private readonly object gate = new();
    private readonly List<JournalRecord> cached = new();
    private string? cachedGeneration;
    private JournalHeader? header;
    private long readOffset;
    private int linesRead;
    private bool compactionWarned;

    public IntentJournal(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw LensmorException.InvalidArgument("The journal path is empty.", path, "Pass a file path to -JournalPath, or leave it out for the default.");
        }

        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    /// <summary>The folder beside the journal that holds its settled history, one file per month.</summary>
    public string ArchiveFolder => Path + ".archive";

    /// <summary>
    /// The active file is compacted once it is at least this long (and twice what its last compaction kept): about
    /// 750 attempts, which a paid run's start parses in a few milliseconds, and a compaction rewrites as quickly.
    /// </summary>
    internal long CompactAfterBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// How long a settled attempt stays in the active file. The run that settled it may still add to it (a contact
    /// run whose first batch was rejected sends its next batch under the same attempt), within moments.
    /// </summary>
    internal TimeSpan ArchiveAfter { get; set; } = TimeSpan.FromHours(1);

    public static string DefaultPath =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "Lensmor", "journal.jsonl");

    /// <summary>The journal a session uses: an explicit path, else $env:LENSMOR_JOURNAL_PATH, else the default; none when switched off.</summary>
    public static IntentJournal? Resolve(string? explicitPath, bool disabled, Func<string, string?> environment)
    {
        var switchValue = environment(SwitchVariable);
        if (disabled || string.Equals(switchValue, "off", StringComparison.OrdinalIgnoreCase) || switchValue == "0")
        {
            return null;
        }

        var path = !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath! : environment(PathVariable);
        return new IntentJournal(string.IsNullOrWhiteSpace(path) ? DefaultPath : path!);
    }

    /// <summary>
    /// A deterministic key: the same action, targets (in any order) and scope for the same account. Targets
    /// compare as the API matches them, trimmed and case-insensitive ("Acme" and "ACME" are one search).
    /// </summary>
    public static string KeyFor(string account, string action, IEnumerable<string> targetIds, string scope)
    {
        var canonical = account + "\n" + action + "\n" + scope + "\n" + string.Join(",", targetIds.Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal));
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(canonical));
        return string.Concat(hash.Take(12).Select(b => b.ToString("x2")));
    }

    public void Append(JournalRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(record, LineSettings) + "\n");
        WithLock(() => JournalFiles.Unusable(Path, () =>
        {
            using var stream = JournalFiles.OpenForAppend(Path, out var created);
            if (!created && !JournalLines.EndsWithNewline(Path, stream.Length))
            {
                // A writer died mid-line: end its torn line, so that this record starts on a line of its own.
                stream.WriteByte((byte)'\n');
            }

            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }));
    }

    /// <summary>
    /// Before any paid request: the journal can be written (its folder made, its file created owner-only).
    /// Anything else is LensmorJournalUnavailable, never a raw .NET exception. A journal due for compaction
    /// is compacted here, before the run reads it.
    /// </summary>
    public void EnsureUsable(ILensmorHost? host = null)
    {
        if (Directory.Exists(Path))
        {
            throw JournalFiles.Unavailable(Path, $"The Lensmor journal path {Path} is a folder, not a file.", null);
        }

        WithLock(() => JournalFiles.Unusable(Path, () =>
        {
            using (JournalFiles.OpenForAppend(Path, out _))
            {
            }
        }));
        CompactIfDue(host);
    }

    /// <summary>Runs <paramref name="body"/> under the lock every process sharing this journal honours (re-entrant on one thread).</summary>
    internal void WithLock(Action body) => JournalFiles.WithLock(Path, body);

    internal T WithLock<T>(Func<T> body) => JournalFiles.WithLock(Path, body);

    /// <summary>
    /// The records of the active file, oldest first: every attempt still open and the recently settled ones
    /// (the archive holds the rest; <see cref="JournalHistory"/> reads both). What was parsed is kept and only
    /// lines appended since are read; a line still being written waits for the next read; a corrupt line is
    /// skipped with a warning. A compaction by any process (a new generation of the file) starts it over.
    /// </summary>
    public List<JournalRecord> ReadActive(ILensmorHost? host) => ReadActive(host, out _);

    internal List<JournalRecord> ReadActive(ILensmorHost? host, out JournalHeader? activeHeader)
    {
        CompactIfDue(host);
        lock (gate)
        {
            FileStream stream;
            try
            {
                stream = File.Exists(Path) ? JournalLines.OpenShared(Path) : throw new FileNotFoundException(null, Path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                Reset(null, null, 0);
                activeHeader = null;
                return new List<JournalRecord>();
            }

            using (stream)
            {
                var generation = JournalHeader.PeekGeneration(stream);
                if (generation != cachedGeneration || stream.Length < readOffset)
                {
                    // Compacted (or replaced, or truncated by hand) since it was last read: start over.
                    var first = generation.Length == 0 ? null : JournalLines.Read(stream, 0).Cast<JournalLine?>().FirstOrDefault();
                    Reset(generation, first is { } line ? JournalHeader.Parse(line.Text) : null, first?.End ?? 0);
                }

                foreach (var line in JournalLines.Read(stream, readOffset))
                {
                    linesRead++;
                    Parse(line.Text, host);
                    readOffset = line.End;
                }
            }

            activeHeader = header;
            return new List<JournalRecord>(cached);
        }
    }

    private void Parse(string line, ILensmorHost? host)
    {
        var record = ParseRecord(line);
        if (record == null)
        {
            if (line.Trim().Length > 0)
            {
                host?.WriteWarning($"The Lensmor journal {Path} has an unreadable line {linesRead}; it is skipped. The other entries are used as usual.");
            }

            return;
        }

        cached.Add(record);
    }

    /// <summary>One record line, or null when it is empty, not JSON, or not a record.</summary>
    internal static JournalRecord? ParseRecord(string line)
    {
        if (line.Trim().Length == 0)
        {
            return null;
        }

        try
        {
            var record = JsonConvert.DeserializeObject<JournalRecord>(line, LineSettings);
            return record == null || string.IsNullOrEmpty(record.Key) || string.IsNullOrEmpty(record.Id) ? null : record;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Reset(string? generation, JournalHeader? newHeader, long headerLength)
    {
        cached.Clear();
        cachedGeneration = generation;
        header = newHeader;
        readOffset = headerLength;
        linesRead = headerLength > 0 ? 1 : 0;
    }

    /// <summary>
    /// Compacts the active file when it is due (see the remarks on this class), under the lock. Housekeeping:
    /// a journal that cannot be compacted (read-only, locked) is read as it is, with one warning.
    /// </summary>
    internal void CompactIfDue(ILensmorHost? host)
    {
        if (!IsDue())
        {
            return;
        }

        try
        {
            var unreadable = WithLock(() => IsDue() ? JournalCompaction.Run(this, DateTimeOffset.UtcNow) : 0);
            if (unreadable > 0)
            {
                host?.WriteWarning($"The Lensmor journal {Path} had {unreadable} unreadable line(s); they were skipped and kept in {System.IO.Path.Combine(ArchiveFolder, JournalArchive.UnreadableFile)}.");
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || (e is LensmorException l && l.ErrorId == ErrorIds.JournalUnavailable))
        {
            if (!compactionWarned)
            {
                compactionWarned = true;
                host?.WriteWarning($"The Lensmor journal {Path} could not be compacted ({e.Message}); it is read whole, which is slower. Nothing else is affected.");
            }
        }
    }

    private bool IsDue()
    {
        var info = new FileInfo(Path);
        if (!info.Exists || info.Length < CompactAfterBytes)
        {
            return false;
        }

        lock (gate)
        {
            // The header read last time is this file's when the generation has not changed.
            var generation = JournalHeader.PeekGeneration(Path);
            var kept = generation == cachedGeneration ? header?.KeptLength ?? 0 : JournalHeader.ReadFrom(Path)?.KeptLength ?? 0;
            return info.Length >= 2 * kept;
        }
    }

    /// <summary>A sent attempt whose sender is neither waiting nor known to have given up is abandoned after this long.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The latest attempt of this intent that was sent and never settled, and whose sender gave up (it wrote
    /// "unknown", or its process is gone): its request may have been applied, so it must be resumed rather
    /// than sent again. An attempt still in flight in a live process is left to that process. Open attempts
    /// are never archived, so the active file is all this reads.
    /// </summary>
    public JournalRecord? FindUnsettled(string key, ILensmorHost? host) =>
        JournalAttempts.LastStates(ReadActive(host).Where(r => r.Key == key))
            .Where(r => r.State == JournalRecord.Unknown || (r.State == JournalRecord.Sent && JournalAttempts.IsAbandoned(r)))
            .OrderBy(r => r.At)
            .LastOrDefault();

    /// <summary>
    /// Whether another attempt of the same intent settled as charged (an idempotent action is charged once).
    /// An intent with an open attempt keeps all its attempts in the active file; the archive is searched only
    /// when an intent archived long ago has a new open attempt, which is rare.
    /// </summary>
    public bool ChargedByAnotherAttempt(string key, string attemptId, ILensmorHost? host) =>
        ReadActive(host).Any(r => r.Key == key && r.Id != attemptId && JournalAttempts.IsCharged(r)) ||
        JournalArchive.AnyCharged(this, key, attemptId);
}
