using System.Globalization;
using System.Text;

namespace Lensmor.Core.Spending;

/// <summary>One complete line of a journal file (without its newline) and where it is, in bytes.</summary>
internal readonly struct JournalLine
{
    public JournalLine(string text, long offset, int length)
    {
        Text = text;
        Offset = offset;
        Length = length;
    }

    public string Text { get; }

    public long Offset { get; }

    /// <summary>Bytes on disk, the newline included.</summary>
    public int Length { get; }

    public long End => Offset + Length;
}

/// <summary>
/// Reads journal files line by line in constant memory, and reads a record's plain fields (id, key, state,
/// at, account) straight from its text, so that a reader can skip a line without parsing its JSON.
/// </summary>
internal static class JournalLines
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// The complete lines from <paramref name="offset"/> on. A last line without its newline (a writer still
    /// writing it, or one that died) is not returned: the caller reads it once it is complete.
    /// </summary>
    public static IEnumerable<JournalLine> Read(Stream stream, long offset)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[ChunkSize];
        var count = 0;
        var scanned = 0;
        var bufferOffset = offset;
        while (true)
        {
            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer (a run of thousands of targets)
            }

            var read = stream.Read(buffer, count, buffer.Length - count);
            if (read == 0)
            {
                yield break;
            }

            count += read;
            var lineStart = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', scanned, count - scanned)) >= 0)
            {
                var text = Encoding.UTF8.GetString(buffer, lineStart, newline - lineStart).TrimEnd('\r');
                yield return new JournalLine(text, bufferOffset + lineStart, newline - lineStart + 1);
                lineStart = newline + 1;
                scanned = lineStart;
            }

            if (lineStart > 0)
            {
                Buffer.BlockCopy(buffer, lineStart, buffer, 0, count - lineStart);
                count -= lineStart;
                bufferOffset += lineStart;
            }

            scanned = count;
        }
    }

    /// <summary>Opens a journal file for reading while other processes append to it, replace it or delete it.</summary>
    public static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);

    /// <summary>Whether the first <paramref name="length"/> bytes of a journal file end a line (a writer that died mid-line leaves a torn one).</summary>
    public static bool EndsWithNewline(string path, long length)
    {
        if (length == 0)
        {
            return true;
        }

        using var reader = OpenShared(path);
        reader.Seek(length - 1, SeekOrigin.Begin);
        return reader.ReadByte() == '\n';
    }

    /// <summary>
    /// A string field as the journal writes it ("id":"..."), read without parsing the line; null when the line
    /// has no such field or its value holds an escape (the caller then parses the line).
    /// </summary>
    public static string? Field(string line, string name)
    {
        var pattern = "\"" + name + "\":\"";
        var start = line.IndexOf(pattern, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += pattern.Length;
        var end = line.IndexOf('"', start);
        if (end < 0 || line.IndexOf('\\', start, end - start) >= 0)
        {
            return null;
        }

        return line.Substring(start, end - start);
    }

    /// <summary>The record's time, read without parsing the line; null when it cannot be read that way.</summary>
    public static DateTimeOffset? At(string line) =>
        Field(line, "at") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
