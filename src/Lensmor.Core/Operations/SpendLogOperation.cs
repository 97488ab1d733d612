using System.Globalization;
using System.Text.RegularExpressions;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>
/// Get-LensmorSpendLog: one record per paid attempt, from the intent journal and its archive, streamed (a
/// year of history is never held at once). Local; no request.
/// </summary>
public static class SpendLogOperation
{
    /// <param name="explicitPath">True when the user named the file (-JournalPath): a missing file is then an error, not an empty log.</param>
    /// <param name="account">Only this account's rows (the journal's account: endpoint and fingerprint); null for every account.</param>
    public static IEnumerable<SpendRecord> Read(IntentJournal? journal, ILensmorHost host, DateTimeOffset? since = null, string? cmdlet = null, SpendOutcome? outcome = null,
        bool explicitPath = false, string? account = null)
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

        if (!File.Exists(journal.Path) && !Directory.Exists(journal.ArchiveFolder))
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

        Func<string, bool>? wanted = account == null ? null : a => string.Equals(a, account, StringComparison.Ordinal);
        foreach (var attempt in JournalHistory.Attempts(journal, host, since, wanted))
        {
            var row = ToRow(attempt, out var at);
            if (row == null || (since is { } s && at < s) ||
                (!string.IsNullOrEmpty(cmdlet) && !Matches(row.Cmdlet, cmdlet!)) ||
                (outcome is { } o && !string.Equals(row.Outcome, o.ToString(), StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return row;
        }
    }

    public static Task WriteAsync(IntentJournal? journal, ILensmorHost host, DateTimeOffset? since, string? cmdlet, SpendOutcome? outcome, bool explicitPath = false, string? account = null)
    {
        foreach (var row in Read(journal, host, since, cmdlet, outcome, explicitPath, account))
        {
            host.WriteObject(row);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// -Cmdlet must name a paid cmdlet (wildcards allowed): a pattern that matches none of them, such as a typo,
    /// is an error that lists them, not an empty log.
    /// </summary>
    public static void EnsureKnownCmdlet(string? pattern, IReadOnlyCollection<string> paidCmdlets)
    {
        if (string.IsNullOrEmpty(pattern) || paidCmdlets.Any(c => Matches(c, pattern!)))
        {
            return;
        }

        throw LensmorException.InvalidArgument(
            $"'{pattern}' is not a paid Lensmor cmdlet, so the spend log has no rows for it. The paid cmdlets are: {string.Join(", ", paidCmdlets.OrderBy(c => c, StringComparer.OrdinalIgnoreCase))}.",
            "Cmdlet", "Pass one of those names (Tab completes them; wildcards such as Unlock-* work), or leave -Cmdlet out.");
    }

    private static SpendRecord? ToRow(IReadOnlyList<JournalRecord> records, out DateTimeOffset at)
    {
        // An attempt's state is its last record; intended and never sent means nothing left the machine.
        var last = records.LastOrDefault(r => r.State != JournalRecord.Intended);
        at = last?.At ?? default;
        if (last == null)
        {
            return null;
        }

        var outcome = last.State == JournalRecord.Settled ? last.Outcome ?? "unknown" : "unknown";
        var (baseUri, account) = BudgetPeriods.SplitAccount(last.Account);
        return new SpendRecord
        {
            Time = Timestamps.Iso(last.At),
            Cmdlet = last.Cmdlet,
            Action = last.Action,
            Target = last.Targets,
            TargetCount = Join.Split(last.Targets).Length,
            Scope = last.Scope,
            ExpectedCredits = Credits.Normalize(last.Expected),
            ChargedCredits = Credits.Normalize(last.Charged),
            BalanceAfter = Credits.Normalize(last.BalanceAfter),
            TraceId = last.TraceId,
            TaskIds = records.Select(r => r.TaskIds).LastOrDefault(t => !string.IsNullOrEmpty(t)),
            Outcome = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(outcome),
            Note = last.Note,
            Account = account,
            BaseUri = baseUri,
            IntentKey = last.Key,
        };
    }

    private static bool Matches(string value, string pattern) =>
        pattern.IndexOfAny(new[] { '*', '?' }) < 0
            ? string.Equals(value, pattern, StringComparison.OrdinalIgnoreCase)
            : Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase);
}
