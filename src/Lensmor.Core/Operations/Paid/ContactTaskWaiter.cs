using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations.Paid;

/// <summary>One created email or phone unlock task, as the waiter follows it.</summary>
public sealed class ContactTaskRef
{
    public ContactTaskRef(string taskId, string? eventId, ContactChannel channel, IReadOnlyList<string>? personnelIds = null)
    {
        TaskId = taskId;
        EventId = eventId ?? string.Empty;
        Channel = channel;
        PersonnelIds = personnelIds ?? Array.Empty<string>();
    }

    public string TaskId { get; }
    public string EventId { get; }
    public ContactChannel Channel { get; }

    /// <summary>The ids sent in the task, when known: any the task does not report are still reported.</summary>
    public IReadOnlyList<string> PersonnelIds { get; }
}

/// <summary>
/// Polls contact unlock tasks (GET contacts/unlock-tasks/{id} or unlock-phone-tasks/{id}) until they end, with
/// the documented backoff 3, 5, 10, 20 s, shortened when the server hints sooner; writes progress, then one
/// result per contact and one closing warning for the failures. Get-, Wait- and Unlock-LensmorContact* share it.
/// </summary>
public static class ContactTaskWaiter
{
    public const int ProgressActivityId = 4201;

    public static IReadOnlyList<TimeSpan> DefaultBackoff { get; } =
        new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20) };

    /// <summary>-TimeoutSec: null waits without limit; otherwise at least one second.</summary>
    public static TimeSpan? Timeout(int? seconds)
    {
        if (seconds is { } s && s < 1)
        {
            throw LensmorException.InvalidArgument($"-TimeoutSec {s} is out of range; pass 1 or more seconds. Nothing was sent.", s, "Pass -TimeoutSec 1 or more, or leave it out to wait until the tasks end.");
        }

        return seconds is { } v ? TimeSpan.FromSeconds(v) : null;
    }

    public static string ValidateTaskId(string? raw) => InputValidation.Id(raw, "TaskId", 100, "Task ids come from Unlock-LensmorContactEmail -NoWait (TaskId).");

    /// <summary>Get-LensmorContactUnlockTask: one poll per task, results as they stand.</summary>
    public static Task<IReadOnlyList<ContactUnlockResult>> PollOnceAsync(LensmorSession session, ILensmorHost host, IReadOnlyList<ContactTaskRef> tasks) =>
        RunAsync(session, host, tasks, TimeSpan.Zero, null, once: true, warnAboutFailures: true, writeResults: true);

    /// <summary>Waits until every task is terminal or <paramref name="timeout"/> passes (null: no limit).</summary>
    /// <param name="writeResults">False when the caller writes the results itself (a paid run, once it is settled).</param>
    public static Task<IReadOnlyList<ContactUnlockResult>> WaitAsync(
        LensmorSession session, ILensmorHost host, IReadOnlyList<ContactTaskRef> tasks, TimeSpan? timeout = null, IReadOnlyList<TimeSpan>? backoff = null,
        bool warnAboutFailures = true, bool writeResults = true) =>
        RunAsync(session, host, tasks, timeout, backoff, once: false, warnAboutFailures, writeResults);

    private static async Task<IReadOnlyList<ContactUnlockResult>> RunAsync(
        LensmorSession session, ILensmorHost host, IReadOnlyList<ContactTaskRef> tasks, TimeSpan? timeout, IReadOnlyList<TimeSpan>? backoff, bool once, bool warnAboutFailures, bool writeResults)
    {
        var schedule = backoff is { Count: > 0 } ? backoff : DefaultBackoff;
        var latest = new Dictionary<ContactTaskRef, ContactUnlockTaskDto>();
        var live = tasks.ToList();
        var started = DateTimeOffset.UtcNow;
        var activity = tasks.Count == 1 ? $"Unlocking contacts (task {tasks[0].TaskId})" : $"Unlocking contacts ({tasks.Count} tasks)";
        var timedOut = false;

        // The bar is completed however the wait ends: every task done, -TimeoutSec, a terminating error or Ctrl+C.
        try
        {
            for (var round = 0; live.Count > 0; round++)
            {
                var hintMs = await PollAsync(session, host, live, latest).ConfigureAwait(false);
                WriteProgress(host, activity, latest.Values);
                if (live.Count == 0 || once)
                {
                    break;
                }

                if (NextDelay(schedule, round, hintMs, timeout, started) is not { } delay)
                {
                    timedOut = true;
                    break;
                }

                host.WriteVerbose($"{live.Count} task(s) still running; polling again in {delay.TotalSeconds:0.###} s.");
                await Task.Delay(delay, host.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            host.WriteProgress(new LensmorProgress(ProgressActivityId, activity, "Done", 100, completed: true));
        }

        var results = tasks.Where(latest.ContainsKey).SelectMany(task => ToResults(task, latest[task])).ToList();
        foreach (var result in writeResults ? results : new List<ContactUnlockResult>())
        {
            host.WriteObject(result);
        }

        if (warnAboutFailures && NotDelivered(results) is { } warning)
        {
            host.WriteWarning(warning);
        }

        if (timedOut)
        {
            var stillRunning = tasks.Where(t => !latest.TryGetValue(t, out var d) || !IsTerminal(d.TaskStatus)).Select(t => t.TaskId).ToList();
            host.WriteWarning(
                $"Stopped waiting after {timeout!.Value.TotalSeconds:0} s with {stillRunning.Count} task(s) still running; their contacts are reported as pending. " +
                $"Do not unlock them again: resume with Wait-LensmorContactUnlockTask -TaskId {string.Join(", ", stillRunning)}.");
        }

        return results;
    }

    /// <summary>One poll of every live task: a task that ended leaves <paramref name="live"/>; returns the soonest poll hint.</summary>
    private static async Task<int?> PollAsync(LensmorSession session, ILensmorHost host, List<ContactTaskRef> live, Dictionary<ContactTaskRef, ContactUnlockTaskDto> latest)
    {
        int? hintMs = null;
        foreach (var task in live.ToList())
        {
            LensmorResponse<ContactUnlockTaskDto> response;
            try
            {
                var request = new LensmorRequest(HttpMethod.Get, ContactChannels.TaskRoute(task.Channel, task.TaskId), RequestKind.Read, task.TaskId);
                response = await session.Client.SendAsync<ContactUnlockTaskDto>(request, host).ConfigureAwait(false);
            }
            catch (LensmorException e) when (!e.IsTerminating)
            {
                host.WriteError(e);
                live.Remove(task);
                continue;
            }

            latest[task] = response.Value;
            if (IsTerminal(response.Value.TaskStatus))
            {
                live.Remove(task);
            }
            else if (response.PollAfterMs is { } ms)
            {
                hintMs = hintMs is { } h ? Math.Min(h, ms) : ms;
            }
        }

        return hintMs;
    }

    private static void WriteProgress(ILensmorHost host, string activity, IEnumerable<ContactUnlockTaskDto> latest)
    {
        var (unlocked, failed, pending) = Count(latest);
        var done = unlocked + failed;
        var all = done + pending;
        host.WriteProgress(new LensmorProgress(ProgressActivityId, activity, $"{unlocked} unlocked, {failed} failed, {pending} pending",
            all == 0 ? -1 : Math.Min(100, done * 100 / all)));
    }

    /// <summary>The wait before the next poll: the schedule's, sooner when the server hints so, never past -TimeoutSec; null when that has passed.</summary>
    private static TimeSpan? NextDelay(IReadOnlyList<TimeSpan> schedule, int round, int? hintMs, TimeSpan? timeout, DateTimeOffset started)
    {
        var delay = schedule[Math.Min(round, schedule.Count - 1)];
        if (hintMs is { } hint && TimeSpan.FromMilliseconds(Math.Max(0, hint)) < delay)
        {
            delay = TimeSpan.FromMilliseconds(Math.Max(0, hint));
        }

        if (timeout is not { } limit)
        {
            return delay;
        }

        var left = limit - (DateTimeOffset.UtcNow - started);
        return left <= TimeSpan.Zero ? null : delay > left ? left : delay;
    }

    public static IEnumerable<ContactUnlockResult> ToResults(ContactTaskRef task, ContactUnlockTaskDto dto)
    {
        var taskFailed = string.Equals(dto.TaskStatus, "failed", StringComparison.OrdinalIgnoreCase);
        var terminal = IsTerminal(dto.TaskStatus);
        var items = dto.Items ?? new List<ContactUnlockTaskItemDto>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var id = item.PersonnelId ?? string.Empty;
            reported.Add(id);
            var status = Status(item.Status);
            string? errorCode = item.ErrorCode;
            if (taskFailed && status is "Pending" or "Processing")
            {
                status = "Failed";
                errorCode ??= "TASK_FAILED";
            }

            yield return Result(task, id, status, item.Email, item.Phone, errorCode);
        }

        foreach (var id in task.PersonnelIds.Where(id => !reported.Contains(id)))
        {
            yield return Result(task, id, terminal ? "Failed" : "Pending", null, null, terminal ? "NOT_IN_TASK" : null);
        }
    }

    /// <summary>Failed contacts stay in the output; this is the one warning that sums them up (null when none failed).</summary>
    public static string? NotDelivered(IReadOnlyCollection<ContactUnlockResult> results)
    {
        var failed = results.Where(r => r.Status == "Failed" || r.Status == "Skipped" || (r.Status == "Unlocked" && !r.Delivered)).ToList();
        if (failed.Count == 0)
        {
            return null;
        }

        var ids = string.Join(", ", failed.Take(10).Select(r => r.PersonnelId + (r.ErrorCode == null ? "" : " (" + r.ErrorCode + ")")));
        return $"{failed.Count} of {results.Count} contacts were not delivered: {ids}{(failed.Count > 10 ? ", ..." : "")}. " +
               "They are in the output with Delivered = False; filter with Where-Object { -not $_.Delivered }.";
    }

    internal static ContactUnlockResult Result(ContactTaskRef task, string personnelId, string status, string? email, string? phone, string? errorCode) =>
        Result(personnelId, task.EventId, task.TaskId, task.Channel, status, email, phone, errorCode);

    internal static ContactUnlockResult Result(string personnelId, string eventId, string? taskId, ContactChannel channel, string status, string? email, string? phone, string? errorCode)
    {
        var value = channel == ContactChannel.Phone ? phone : email;
        return new ContactUnlockResult
        {
            PersonnelId = personnelId,
            EventId = eventId,
            TaskId = taskId,
            Channel = channel.ToString(),
            Status = status,
            Email = channel == ContactChannel.Email ? email : null,
            Phone = channel == ContactChannel.Phone ? phone : null,
            ErrorCode = errorCode,
            Delivered = (status == "Unlocked" || status == "AlreadyUnlocked") && !string.IsNullOrEmpty(value),
        };
    }

    public static bool IsTerminal(string? taskStatus) =>
        string.Equals(taskStatus, "completed", StringComparison.OrdinalIgnoreCase) || string.Equals(taskStatus, "failed", StringComparison.OrdinalIgnoreCase);

    private static string Status(string? raw) => raw?.ToLowerInvariant() switch
    {
        "unlocked" => "Unlocked",
        "failed" => "Failed",
        "pending" => "Pending",
        "processing" => "Processing",
        null or "" => "Pending",
        _ => char.ToUpperInvariant(raw![0]) + raw.Substring(1),
    };

    private static (int Unlocked, int Failed, int Pending) Count(IEnumerable<ContactUnlockTaskDto> tasks)
    {
        int unlocked = 0, failed = 0, pending = 0;
        foreach (var dto in tasks)
        {
            var taskFailed = string.Equals(dto.TaskStatus, "failed", StringComparison.OrdinalIgnoreCase);
            foreach (var item in dto.Items ?? new List<ContactUnlockTaskItemDto>())
            {
                switch (item.Status?.ToLowerInvariant())
                {
                    case "unlocked": unlocked++; break;
                    case "failed": failed++; break;
                    default:
                        if (taskFailed)
                        {
                            failed++;
                        }
                        else
                        {
                            pending++;
                        }

                        break;
                }
            }
        }

        return (unlocked, failed, pending);
    }
}
