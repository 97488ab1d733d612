using System.Globalization;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>Get-LensmorSpendLog: one record per paid attempt, from the intent journal. Local; no request.</summary>
public static class SpendLogOperation
{
    /// <param name="explicitPath">True when the user named the file (-JournalPath): a missing file is then an error, not an empty log.</param>
    public static IEnumerable<SpendRecord> Read(IntentJournal? journal, ILensmorHost host, DateTimeOffset? since = null, string? cmdlet = null, SpendOutcome? outcome = null, bool explicitPath = false)
    {
        if (journal == null)
        {
            throw new LensmorException(ErrorIds.JournalUnavailable, LensmorErrorCategory.InvalidOperation,
                "The intent journal is switched off, so there is no spend log.",
                "Connect without -NoJournal (and unset $env:LENSMOR_JOURNAL) to keep a spend log from now on.",
                isTerminating: true, "Journal");
        }

        if (Directory.Exists(journal.Path))
        {
            throw new LensmorException(ErrorIds.JournalUnavailable, LensmorErrorCategory.InvalidArgument,
                $"The Lensmor journal path {journal.Path} is a folder, not a file.", "Pass the journal file itself (journal.jsonl), or see Get-LensmorContext for the path in use.",
                isTerminating: true, journal.Path);
        }

        if (!File.Exists(journal.Path))
        {
            if (explicitPath)
            {
                throw new LensmorException(ErrorIds.JournalUnavailable, LensmorErrorCategory.ObjectNotFound,
                    $"There is no Lensmor journal at {journal.Path}.", "Check the path; Get-LensmorContext shows the journal in use.",
                    isTerminating: true, journal.Path);
            }

            host.WriteWarning($"The Lensmor journal {journal.Path} does not exist yet: no paid action has been journalled there.");
            yield break;
        }

        var attempts = new Dictionary<string, List<JournalRecord>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var record in journal.ReadAll(host))
        {
            if (!attempts.TryGetValue(record.Id, out var list))
            {
                attempts[record.Id] = list = new List<JournalRecord>();
                order.Add(record.Id);
            }

            list.Add(record);
        }

        foreach (var id in order)
        {
            var row = ToRow(attempts[id], out var at);
            if (row == null || (since is { } s && at < s) ||
                (!string.IsNullOrEmpty(cmdlet) && !Matches(row.Cmdlet, cmdlet!)) ||
                (outcome is { } o && !string.Equals(row.Outcome, o.ToString(), StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return row;
        }
    }

    public static Task WriteAsync(IntentJournal? journal, ILensmorHost host, DateTimeOffset? since, string? cmdlet, SpendOutcome? outcome, bool explicitPath = false)
    {
        foreach (var row in Read(journal, host, since, cmdlet, outcome, explicitPath))
        {
            host.WriteObject(row);
        }

        return Task.CompletedTask;
    }

    private static SpendRecord? ToRow(List<JournalRecord> records, out DateTimeOffset at)
    {
        // An attempt's state is its last record; intended and never sent means nothing left the machine.
        var last = records.LastOrDefault(r => r.State != JournalRecord.Intended);
        at = last?.At ?? default;
        if (last == null)
        {
            return null;
        }

        var outcome = last.State == JournalRecord.Settled ? last.Outcome ?? "unknown" : "unknown";
        return new SpendRecord
        {
            Time = Timestamps.Iso(last.At),
            Cmdlet = last.Cmdlet,
            Action = last.Action,
            Target = last.Targets,
            Scope = last.Scope,
            ExpectedCredits = Credits.Normalize(last.Expected),
            ChargedCredits = Credits.Normalize(last.Charged),
            BalanceAfter = Credits.Normalize(last.BalanceAfter),
            TraceId = last.TraceId,
            TaskIds = records.Select(r => r.TaskIds).LastOrDefault(t => !string.IsNullOrEmpty(t)),
            Outcome = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(outcome),
            Note = last.Note,
            IntentKey = last.Key,
        };
    }

    private static bool Matches(string value, string pattern) =>
        pattern.IndexOfAny(new[] { '*', '?' }) < 0
            ? string.Equals(value, pattern, StringComparison.OrdinalIgnoreCase)
            : System.Text.RegularExpressions.Regex.IsMatch(value, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
