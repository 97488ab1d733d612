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
public sealed class IntentJournal
{
    public const string PathVariable = "LENSMOR_JOURNAL_PATH";
    public const string SwitchVariable = "LENSMOR_JOURNAL";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerSettings LineSettings = new()
    {
        DateParseHandling = DateParseHandling.DateTimeOffset,
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    private readonly object gate = new();
    private readonly List<JournalRecord> cached = new();
    private long readOffset;
    private int linesRead;

    public IntentJournal(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw LensmorException.InvalidArgument("The journal path is empty.", path, "Pass a file path to -JournalPath, or leave it out for the default.");
        }

        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

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
        var line = JsonConvert.SerializeObject(record, LineSettings) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        WithLock(() => Unusable(() =>
        {
            using var stream = OpenForAppend(out var created);
            if (!created && stream.Length > 0 && !EndsWithNewline())
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
    /// Anything else is LensmorJournalUnavailable, never a raw .NET exception.
    /// </summary>
    public void EnsureUsable()
    {
        if (Directory.Exists(Path))
        {
            throw Unavailable($"The Lensmor journal path {Path} is a folder, not a file.", null);
        }

        WithLock(() => Unusable(() =>
        {
            using (OpenForAppend(out _))
            {
            }
        }));
    }

    /// <summary>Opens the journal to append to it; a file this creates is owner-only.</summary>
    private FileStream OpenForAppend(out bool created)
    {
        created = !File.Exists(Path);
        var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (created)
        {
            OwnerOnly(Path, isDirectory: false);
        }

        return stream;
    }

    private bool EndsWithNewline()
    {
        using var reader = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (reader.Length == 0)
        {
            return true;
        }

        reader.Seek(-1, SeekOrigin.End);
        return reader.ReadByte() == '\n';
    }

    private void Unusable(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is System.Security.SecurityException)
        {
            throw Unavailable($"The Lensmor journal {Path} cannot be written: {e.Message}", e);
        }
    }

    private LensmorException Unavailable(string message, Exception? inner) =>
        new(ErrorIds.JournalUnavailable, LensmorErrorCategory.WriteError, message + " Nothing was sent and nothing was charged.",
            "Point Connect-Lensmor -JournalPath (or $env:LENSMOR_JOURNAL_PATH) at a file you can write, or switch the journal off with -NoJournal (then an interrupted paid run cannot be resumed safely).",
            isTerminating: true, Path, inner: inner);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
    private static extern int Chmod(string path, uint mode);

    /// <summary>On Unix, what the journal holds (accounts, targets, spend) is for its owner only: files 0600, folders we create 0700.</summary>
    private static void OwnerOnly(string path, bool isDirectory)
    {
        if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
        {
            return;
        }

        try
        {
            Chmod(path, isDirectory ? 0x1C0u : 0x180u);
        }
        catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
        {
            // No libc to call (an unusual runtime): the file keeps the process's default mode.
        }
    }

    /// <summary>
    /// Every readable record, oldest first. The journal only grows, so what was parsed is kept and only the
    /// lines appended since are read; a line still being written (no newline yet) waits for the next read.
    /// A corrupt line is skipped with one warning and costs nothing else.
    /// </summary>
    public List<JournalRecord> ReadAll(ILensmorHost? host)
    {
        lock (gate)
        {
            if (!File.Exists(Path))
            {
                ResetCache();
                return new List<JournalRecord>();
            }

            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < readOffset)
            {
                // Replaced or truncated by hand: start over.
                ResetCache();
            }

            stream.Seek(readOffset, SeekOrigin.Begin);
            var appended = new byte[stream.Length - readOffset];
            var read = 0;
            while (read < appended.Length)
            {
                var n = stream.Read(appended, read, appended.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var complete = Array.LastIndexOf(appended, (byte)'\n', Math.Max(0, read - 1));
            if (read > 0 && complete >= 0)
            {
                foreach (var line in Encoding.UTF8.GetString(appended, 0, complete).Split('\n'))
                {
                    linesRead++;
                    Parse(line.Trim(), host);
                }

                readOffset += complete + 1;
            }

            return new List<JournalRecord>(cached);
        }
    }

    private void Parse(string line, ILensmorHost? host)
    {
        if (line.Length == 0)
        {
            return;
        }

        JournalRecord? record = null;
        try
        {
            record = JsonConvert.DeserializeObject<JournalRecord>(line, LineSettings);
        }
        catch (JsonException)
        {
        }

        if (record == null || string.IsNullOrEmpty(record.Key) || string.IsNullOrEmpty(record.Id))
        {
            host?.WriteWarning($"The Lensmor journal {Path} has an unreadable line {linesRead}; it is skipped. The other entries are used as usual.");
            return;
        }

        cached.Add(record);
    }

    private void ResetCache()
    {
        cached.Clear();
        readOffset = 0;
        linesRead = 0;
    }

    /// <summary>A sent attempt whose sender is neither waiting nor known to have given up is abandoned after this long.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The latest attempt of this intent that was sent and never settled, and whose sender gave up (it wrote
    /// "unknown", or its process is gone): its request may have been applied, so it must be resumed rather
    /// than sent again. An attempt still in flight in a live process is left to that process.
    /// </summary>
    public JournalRecord? FindUnsettled(string key, ILensmorHost? host)
    {
        // An attempt's state is its last record.
        var last = new Dictionary<string, JournalRecord>(StringComparer.Ordinal);
        foreach (var record in ReadAll(host).Where(r => r.Key == key))
        {
            last[record.Id] = record;
        }

        return last.Values
            .Where(r => r.State == JournalRecord.Unknown || (r.State == JournalRecord.Sent && IsAbandoned(r)))
            .OrderBy(r => r.At)
            .LastOrDefault();
    }

    private static bool IsAbandoned(JournalRecord sent)
    {
        if (DateTimeOffset.UtcNow - sent.At > AbandonedAfter)
        {
            return true;
        }

        if (!string.Equals(sent.Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase) || sent.ProcessId <= 0)
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(sent.ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Whether another attempt of the same intent settled as charged (an idempotent action is charged once).</summary>
    public bool ChargedByAnotherAttempt(string key, string attemptId, ILensmorHost? host) =>
        ReadAll(host).Any(r => r.Key == key && r.Id != attemptId && r.State == JournalRecord.Settled && r.Outcome == "charged");

    private void WithLock(Action write)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Unusable(() =>
            {
                // Each folder this creates is owner-only; folders that already exist are the user's to set.
                var missing = new Stack<string>();
                for (var d = directory; !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = System.IO.Path.GetDirectoryName(d))
                {
                    missing.Push(d!);
                }

                foreach (var d in missing)
                {
                    Directory.CreateDirectory(d);
                    OwnerOnly(d, isDirectory: true);
                }
            });
        }

        // A lock file, not a named mutex: it works the same for every PowerShell process on Windows, Linux and macOS.
        var lockPath = Path + ".lock";
        var deadline = DateTime.UtcNow + LockTimeout;
        var random = new Random();
        while (true)
        {
            FileStream? held = null;
            try
            {
                held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(random.Next(2, 15));
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                throw Unavailable($"The Lensmor journal's lock file {lockPath} cannot be created: {e.Message}", e);
            }
            catch (IOException e)
            {
                throw new LensmorException(ErrorIds.JournalUnavailable, LensmorErrorCategory.ResourceBusy,
                    $"The Lensmor journal {Path} stayed locked for {LockTimeout.TotalSeconds:0} s.",
                    "Another PowerShell process may be stuck writing it. Try again, or point -JournalPath (or $env:LENSMOR_JOURNAL_PATH) elsewhere.",
                    isTerminating: true, Path, inner: e);
            }

            using (held)
            {
                write();
                return;
            }
        }
    }
}
