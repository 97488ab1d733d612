using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

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
/// Polls contact unlock tasks (GET contacts/unlock-tasks/{id} or unlock-phone-tasks/{id}) until they end: every
/// task on its own schedule, at the server's poll hint when it gives one (else the documented backoff 3, 5, 10,
/// 20 s), the tasks due at the same time polled together; writes progress as the contacts done out of all of
/// them, then one result per contact and one closing warning for the failures. Get-, Wait- and
/// Unlock-LensmorContact* share it.
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
        RunAsync(session, host, tasks, new WaitOptions { Once = true });

    /// <summary>Waits until every task is terminal or <paramref name="timeout"/> passes (null: no limit).</summary>
    /// <param name="writeResults">False when the caller writes the results itself (a paid run, once it is settled).</param>
    /// <param name="describe">Completes each result before it is written or returned (the contact's name, for a paid run).</param>
    public static Task<IReadOnlyList<ContactUnlockResult>> WaitAsync(
        LensmorSession session, ILensmorHost host, IReadOnlyList<ContactTaskRef> tasks, TimeSpan? timeout = null, IReadOnlyList<TimeSpan>? backoff = null,
        bool warnAboutFailures = true, bool writeResults = true, Action<ContactUnlockResult>? describe = null) =>
        RunAsync(session, host, tasks, new WaitOptions
        {
            Timeout = timeout, Schedule = backoff is { Count: > 0 } ? backoff : DefaultBackoff, WarnAboutFailures = warnAboutFailures, WriteResults = writeResults, Describe = describe,
        });

    private static async Task<IReadOnlyList<ContactUnlockResult>> RunAsync(LensmorSession session, ILensmorHost host, IReadOnlyList<ContactTaskRef> tasks, WaitOptions options)
    {
        var polls = tasks.Select(t => new TaskPoll(t)).ToList();
        var started = DateTimeOffset.UtcNow;
        var activity = tasks.Count == 1 ? $"Unlocking contacts (task {tasks[0].TaskId})" : $"Unlocking contacts ({tasks.Count} tasks)";
        var timedOut = false;

        // The bar is completed however the wait ends: every task done, -TimeoutSec, a terminating error or Ctrl+C.
        try
        {
            while (true)
            {
                var now = DateTimeOffset.UtcNow;
                await PlanReads.AllAsync(polls.Where(p => p.Live && p.DueAt <= now).ToList(), p => PollAsync(session, host, p, options.Schedule),
                    host.CancellationToken).ConfigureAwait(false);
                WriteProgress(host, activity, polls);
                var live = polls.Where(p => p.Live).ToList();
                if (live.Count == 0 || options.Once)
                {
                    break;
                }

                now = DateTimeOffset.UtcNow;
                var wait = live.Min(p => p.DueAt) - now;
                if (options.Timeout is { } limit)
                {
                    var left = limit - (now - started);
                    if (left <= TimeSpan.Zero)
                    {
                        timedOut = true;
                        break;
                    }

                    if (wait >= left)
                    {
                        // One last look at every task when the time is up.
                        wait = left;
                        live.ForEach(p => p.DueAt = now + left);
                    }
                }

                wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
                host.WriteVerbose($"{live.Count} task(s) still running; polling again in {wait.TotalSeconds:0.###} s.");
                await Task.Delay(wait, host.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            host.WriteProgress(new LensmorProgress(ProgressActivityId, activity, "Done", 100, completed: true));
        }

        var results = polls.Where(p => p.Latest != null).SelectMany(p => ToResults(p.Task, p.Latest!)).ToList();
        if (options.Describe is { } describe)
        {
            results.ForEach(describe);
        }

        foreach (var result in options.WriteResults ? results : new List<ContactUnlockResult>())
        {
            host.WriteObject(result);
        }

        if (options.WarnAboutFailures && NotDelivered(results) is { } warning)
        {
            host.WriteWarning(warning);
        }

        if (timedOut)
        {
            var stillRunning = polls.Where(p => p.Latest == null || !IsTerminal(p.Latest.TaskStatus)).Select(p => p.Task.TaskId).ToList();
            host.WriteWarning(
                $"Stopped waiting after {options.Timeout!.Value.TotalSeconds:0} s with {stillRunning.Count} task(s) still running; their contacts are reported as pending. " +
                $"Do not unlock them again: resume with Wait-LensmorContactUnlockTask -TaskId {string.Join(", ", stillRunning)}.");
        }

        return results;
    }

    /// <summary>One poll of one task: a task that ended is no longer live; one still running is due again at its own next time.</summary>
    private static async Task<bool> PollAsync(LensmorSession session, ILensmorHost host, TaskPoll poll, IReadOnlyList<TimeSpan> schedule)
    {
        LensmorResponse<ContactUnlockTaskDto> response;
        try
        {
            var request = new LensmorRequest(HttpMethod.Get, ContactChannels.TaskRoute(poll.Task.Channel, poll.Task.TaskId), RequestKind.Read, poll.Task.TaskId);
            response = await session.Client.SendAsync<ContactUnlockTaskDto>(request, host).ConfigureAwait(false);
        }
        catch (LensmorException e) when (!e.IsTerminating)
        {
            host.WriteError(e);
            poll.Live = false;
            return false;
        }

        poll.Latest = response.Value;
        poll.Live = !IsTerminal(response.Value.TaskStatus);
        poll.DueAt = DateTimeOffset.UtcNow + NextDelay(schedule, poll.Round++, response.PollAfterMs);
        return true;
    }

    /// <summary>Contacts done (unlocked or failed) out of all the tasks hold, each task counted by its answer or, before one, by what was sent.</summary>
    private static void WriteProgress(ILensmorHost host, string activity, IReadOnlyList<TaskPoll> polls)
    {
        var (unlocked, failed, pending) = Count(polls.Where(p => p.Latest != null).Select(p => p.Latest!));
        pending += polls.Where(p => p.Latest == null).Sum(p => p.Task.PersonnelIds.Count);
        var done = unlocked + failed;
        var all = done + pending;
        host.WriteProgress(new LensmorProgress(ProgressActivityId, activity, $"{done} of {all} contacts done: {unlocked} unlocked, {failed} failed, {pending} pending",
            all == 0 ? -1 : Math.Min(100, done * 100 / all)));
    }

    /// <summary>The wait before a task's next poll: the server's hint when it gives one, else the schedule's.</summary>
    private static TimeSpan NextDelay(IReadOnlyList<TimeSpan> schedule, int round, int? hintMs) =>
        hintMs is { } hint ? TimeSpan.FromMilliseconds(Math.Max(0, hint)) : schedule[Math.Min(round, schedule.Count - 1)];

    /// <summary>One task as the waiter follows it: its last answer, and when it is due again.</summary>
    private sealed class TaskPoll(ContactTaskRef task)
    {
        public ContactTaskRef Task { get; } = task;
        public ContactUnlockTaskDto? Latest { get; set; }
        public bool Live { get; set; } = true;
        public int Round { get; set; }
        public DateTimeOffset DueAt { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class WaitOptions
    {
        public TimeSpan? Timeout { get; init; }
        public IReadOnlyList<TimeSpan> Schedule { get; init; } = DefaultBackoff;
        public bool Once { get; init; }
        public bool WarnAboutFailures { get; init; } = true;
        public bool WriteResults { get; init; } = true;
        public Action<ContactUnlockResult>? Describe { get; init; }
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
