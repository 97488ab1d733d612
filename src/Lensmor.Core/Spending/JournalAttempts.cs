namespace Lensmor.Core.Spending;

/// <summary>What the journal's records say about attempts: their state, whether they were charged, and what they count against a budget.</summary>
internal static class JournalAttempts
{
    /// <summary>Each attempt's last record (an attempt's state is its last record), in the order the attempts first appear.</summary>
    public static IEnumerable<JournalRecord> LastStates(IEnumerable<JournalRecord> records)
    {
        var last = new Dictionary<string, JournalRecord>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var record in records)
        {
            if (!last.ContainsKey(record.Id))
            {
                order.Add(record.Id);
            }

            last[record.Id] = record;
        }

        return order.Select(id => last[id]);
    }

    public static bool IsCharged(JournalRecord record) =>
        record.State == JournalRecord.Settled && record.Outcome == "charged";

    /// <summary>
    /// What an attempt whose last record is <paramref name="last"/> counts against a budget: what it was charged
    /// once settled; for an outcome that is unknown, what the balance moved or else its expected cost, to be
    /// safe; for one still in flight, its expected cost unless <paramref name="coveredBySender"/> (the run that
    /// sent it holds a reservation for it).
    /// </summary>
    public static decimal CountedCredits(JournalRecord last, bool coveredBySender)
    {
        switch (last.State)
        {
            case JournalRecord.Settled:
                return last.Outcome == "unknown" ? Math.Max(0, last.Charged ?? last.Expected) : Math.Max(0, last.Charged ?? 0);
            case JournalRecord.Unknown:
                return Math.Max(0, last.Charged ?? last.Expected);
            case JournalRecord.Sent:
                return coveredBySender && !IsAbandoned(last) ? 0 : Math.Max(0, last.Expected);
            default:
                return 0; // intended and never sent: nothing left the machine
        }
    }

    /// <summary>A sent attempt whose sender gave up without writing so: its process is gone, or it is older than <see cref="IntentJournal.AbandonedAfter"/>.</summary>
    public static bool IsAbandoned(JournalRecord sent)
    {
        if (DateTimeOffset.UtcNow - sent.At > IntentJournal.AbandonedAfter)
        {
            return true;
        }

        return string.Equals(sent.Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase) && sent.ProcessId > 0 && !ProcessIsAlive(sent.ProcessId, null);
    }

    /// <summary>
    /// Whether process <paramref name="processId"/> on this machine is running; with <paramref name="startedAt"/>,
    /// whether it is still the process that started then (a process id is reused after its process ends).
    /// </summary>
    public static bool ProcessIsAlive(int processId, DateTimeOffset? startedAt)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            if (process.HasExited)
            {
                return false;
            }

            return startedAt is not { } started || Math.Abs((process.StartTime.ToUniversalTime() - started.UtcDateTime).TotalSeconds) < 2;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // there, but not ours to inspect: another user's process is alive
        }
    }
}
