using System.Globalization;
using System.Text;
using Newtonsoft.Json;

namespace Lensmor.Core.Spending;

/// <summary>
/// The first line of a journal that has been compacted: which generation of the file this is (a reader that
/// cached an older one starts over), how long it was when written (so the next compaction waits until it has
/// doubled), and what the settled attempts moved to the archive spent, per account and UTC day, so that a
/// budget's period is summed from a few numbers instead of a year of archive. A journal written before
/// archiving existed has no header; it is read as it is and upgraded by its first compaction.
/// </summary>
internal sealed class JournalHeader
{
    /// <summary>How every header line starts; no record line can (records start with "v").</summary>
    public const string Prefix = "{\"lensmorJournal\":";

    /// <summary>Days of archived spend kept: enough for the longest budget period (a month) with room to spare.</summary>
    public static readonly TimeSpan SpendKept = TimeSpan.FromDays(62);

    private static readonly JsonSerializerSettings Settings = new()
    {
        DateParseHandling = DateParseHandling.DateTimeOffset,
        Formatting = Formatting.None,
    };

    [JsonProperty("lensmorJournal", Order = 1)] public int Format { get; set; } = 2;
    [JsonProperty("generation", Order = 2)] public string Generation { get; set; } = string.Empty;
    [JsonProperty("compactedAt", Order = 3)] public DateTimeOffset CompactedAt { get; set; }

    /// <summary>Bytes of records the compaction left after this line.</summary>
    [JsonProperty("keptLength", Order = 4)] public long KeptLength { get; set; }

    /// <summary>Account, then UTC day (yyyy-MM-dd), then credits: what archived attempts count against a budget.</summary>
    [JsonProperty("archivedSpend", Order = 5)]
    public Dictionary<string, Dictionary<string, decimal>> ArchivedSpend { get; set; } = new(StringComparer.Ordinal);

    public static bool IsHeader(string line) => line.StartsWith(Prefix, StringComparison.Ordinal);

    public static JournalHeader? Parse(string line)
    {
        try
        {
            return IsHeader(line) ? JsonConvert.DeserializeObject<JournalHeader>(line, Settings) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToLine() => JsonConvert.SerializeObject(this, Settings) + "\n";

    /// <summary>
    /// The generation of the file at <paramref name="path"/>, read from its first bytes: "" for a journal
    /// without a header, null when there is no file.
    /// </summary>
    public static string? PeekGeneration(string path)
    {
        try
        {
            using var stream = JournalLines.OpenShared(path);
            return PeekGeneration(stream);
        }
        catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The generation of an open journal file: "" when it has no header.</summary>
    public static string PeekGeneration(Stream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        var start = new byte[96];
        var read = 0;
        int n;
        while (read < start.Length && (n = stream.Read(start, read, start.Length - read)) > 0)
        {
            read += n;
        }

        var text = Encoding.UTF8.GetString(start, 0, read);
        return IsHeader(text) ? JournalLines.Field(text, "generation") ?? string.Empty : string.Empty;
    }

    /// <summary>The header of the journal at <paramref name="path"/>; null when it has none (or there is no file).</summary>
    public static JournalHeader? ReadFrom(string path)
    {
        try
        {
            using var stream = JournalLines.OpenShared(path);
            return JournalLines.Read(stream, 0).Select(l => Parse(l.Text)).FirstOrDefault();
        }
        catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void AddSpend(string account, DateTimeOffset at, decimal credits)
    {
        if (credits <= 0)
        {
            return;
        }

        if (!ArchivedSpend.TryGetValue(account, out var days))
        {
            ArchivedSpend[account] = days = new Dictionary<string, decimal>(StringComparer.Ordinal);
        }

        var day = Day(at);
        days[day] = (days.TryGetValue(day, out var sum) ? sum : 0) + credits;
    }

    /// <summary>Forgets days no budget period can reach any more.</summary>
    public void Prune(DateTimeOffset now)
    {
        var oldest = Day(now - SpendKept);
        foreach (var days in ArchivedSpend.Values)
        {
            foreach (var day in days.Keys.Where(d => string.CompareOrdinal(d, oldest) < 0).ToList())
            {
                days.Remove(day);
            }
        }

        foreach (var account in ArchivedSpend.Where(a => a.Value.Count == 0).Select(a => a.Key).ToList())
        {
            ArchivedSpend.Remove(account);
        }
    }

    /// <summary>What archived attempts of <paramref name="account"/> spent from <paramref name="start"/> (a UTC midnight) until <paramref name="end"/>.</summary>
    public decimal SpentBetween(string account, DateTimeOffset start, DateTimeOffset end)
    {
        if (!ArchivedSpend.TryGetValue(account, out var days))
        {
            return 0;
        }

        var from = Day(start);
        var until = Day(end);
        return days.Where(d => string.CompareOrdinal(d.Key, from) >= 0 && string.CompareOrdinal(d.Key, until) < 0).Sum(d => d.Value);
    }

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
