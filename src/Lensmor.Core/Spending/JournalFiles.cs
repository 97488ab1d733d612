using System.Runtime.InteropServices;
using Lensmor.Core.Errors;

namespace Lensmor.Core.Spending;

/// <summary>
/// The files beside the journal (its lock, archive and budgets): created owner-only, replaced atomically, and
/// every failure turned into LensmorJournalUnavailable, never a raw .NET exception.
/// </summary>
internal static class JournalFiles
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The journals whose lock this thread holds: a caller under the lock may call code that takes it.</summary>
    [ThreadStatic]
    private static HashSet<string>? held;

    /// <summary>
    /// Runs <paramref name="body"/> holding the journal's lock file, which every process sharing the journal
    /// honours. A lock file, not a named mutex: it works the same on Windows, Linux and macOS.
    /// </summary>
    public static T WithLock<T>(string journalPath, Func<T> body)
    {
        held ??= new HashSet<string>(StringComparer.Ordinal);
        if (held.Contains(journalPath))
        {
            return body();
        }

        EnsureFolder(journalPath, System.IO.Path.GetDirectoryName(journalPath));
        var lockPath = journalPath + ".lock";
        var deadline = DateTime.UtcNow + LockTimeout;
        var random = new Random();
        while (true)
        {
            FileStream? lockFile;
            try
            {
                lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(random.Next(2, 15));
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                throw Unavailable(journalPath, $"The Lensmor journal's lock file {lockPath} cannot be created: {e.Message}", e);
            }
            catch (IOException e)
            {
                throw new LensmorException(ErrorIds.JournalUnavailable, LensmorErrorCategory.ResourceBusy,
                    $"The Lensmor journal {journalPath} stayed locked for {LockTimeout.TotalSeconds:0} s.",
                    "Another PowerShell process may be stuck writing it. Try again, or point -JournalPath (or $env:LENSMOR_JOURNAL_PATH) elsewhere.",
                    isTerminating: true, journalPath, inner: e);
            }

            using (lockFile)
            {
                held.Add(journalPath);
                try
                {
                    return body();
                }
                finally
                {
                    held.Remove(journalPath);
                }
            }
        }
    }

    public static void WithLock(string journalPath, Action body) => WithLock(journalPath, () =>
    {
        body();
        return true;
    });

    /// <summary>Creates the missing folders of <paramref name="directory"/>, each owner-only; folders that exist are the user's to set.</summary>
    public static void EnsureFolder(string journalPath, string? directory)
    {
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        Unusable(journalPath, () =>
        {
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

    /// <summary>Opens a file to append to it; a file this creates is owner-only.</summary>
    public static FileStream OpenForAppend(string path, out bool created)
    {
        created = !File.Exists(path);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (created)
        {
            OwnerOnly(path, isDirectory: false);
        }

        return stream;
    }

    /// <summary>A new, empty, owner-only file (a file of that name is overwritten).</summary>
    public static FileStream CreateOwnerOnly(string path)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete);
        OwnerOnly(path, isDirectory: false);
        return stream;
    }

    /// <summary>Puts <paramref name="temporary"/> in the place of <paramref name="path"/> in one step: a reader sees the old file or the new one.</summary>
    public static void Replace(string temporary, string path)
    {
        if (File.Exists(path))
        {
            File.Replace(temporary, path, null);
        }
        else
        {
            File.Move(temporary, path);
        }
    }

    /// <summary>Writes a small file whole: to a temporary file, flushed to disk, then put in place.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var stream = CreateOwnerOnly(temporary))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        Replace(temporary, path);
    }

    public static void Unusable(string journalPath, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is System.Security.SecurityException)
        {
            throw Unavailable(journalPath, $"The Lensmor journal {journalPath} cannot be written: {e.Message}", e);
        }
    }

    public static LensmorException Unavailable(string journalPath, string message, Exception? inner) =>
        new(ErrorIds.JournalUnavailable, LensmorErrorCategory.WriteError, message + " Nothing was sent and nothing was charged.",
            "Point Connect-Lensmor -JournalPath (or $env:LENSMOR_JOURNAL_PATH) at a file you can write, or switch the journal off with -NoJournal (then an interrupted paid run cannot be resumed safely).",
            isTerminating: true, journalPath, inner: inner);

    [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
    private static extern int Chmod(string path, uint mode);

    /// <summary>On Unix, what the journal holds (accounts, targets, spend) is for its owner only: files 0600, folders we create 0700.</summary>
    public static void OwnerOnly(string path, bool isDirectory)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
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
}
