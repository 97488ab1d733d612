using Lensmor.Core.Spending;
using Newtonsoft.Json;

namespace Lensmor.Core.Tests.Support;

/// <summary>
/// Writes journal history straight to a file, line by line as main's IntentJournal wrote it (one file, no header,
/// every record a JSON line): a journal of months or a year without waiting for it.
/// </summary>
public sealed class JournalHistoryBuilder
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    private readonly StreamWriter writer;

    public JournalHistoryBuilder(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        writer = new StreamWriter(path, append: true) { NewLine = "\n" };
    }

    public const string Account = "https://platform.lensmor.com sk_1a2b3c4d";

    /// <summary>An event unlock as a paid run journals it: intended, sent, settled (charged 2,000 unless told otherwise).</summary>
    public JournalRecord[] Unlock(string eventId, DateTimeOffset at, string outcome = "charged", decimal? charged = 2000, string account = Account, int processId = 4242)
    {
        var first = new JournalRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Key = IntentJournal.KeyFor(account, "UnlockEvent", new[] { eventId }, "Contacts"),
            State = JournalRecord.Intended,
            At = at,
            Account = account,
            Cmdlet = "Unlock-LensmorEvent",
            Action = "UnlockEvent",
            Targets = eventId,
            Scope = "Contacts",
            Expected = 2000,
            ProcessId = processId,
            Machine = "scheduler-01",
        };
        var sent = Copy(first, JournalRecord.Sent, at.AddMilliseconds(5));
        var settled = Copy(first, JournalRecord.Settled, at.AddMilliseconds(400));
        settled.Outcome = outcome;
        settled.Charged = charged;
        settled.BalanceAfter = 1_000_000;
        settled.TraceId = "trace-" + first.Id.Substring(0, 8);
        Write(first, sent, settled);
        return new[] { first, sent, settled };
    }

    public static JournalRecord Copy(JournalRecord record, string state, DateTimeOffset at)
    {
        var next = record.Next(state);
        next.At = at;
        return next;
    }

    public void Write(params JournalRecord[] records)
    {
        foreach (var record in records)
        {
            writer.WriteLine(JsonConvert.SerializeObject(record, Settings));
        }
    }

    public void WriteRaw(string text) => writer.Write(text);

    /// <summary>A year of a job that unlocks an event every <paramref name="every"/>, ending at <paramref name="end"/>.</summary>
    public int Year(DateTimeOffset end, TimeSpan every, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            Unlock((139001 + (i % 500)).ToString(System.Globalization.CultureInfo.InvariantCulture), end - TimeSpan.FromTicks(every.Ticks * (i + 1)));
        }

        return count;
    }

    public void Close() => writer.Dispose();
}
