using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Tasks and waits, for the contact unlocks: creating one unlock task per batch (the paid requests), then
/// writing the tasks (-NoWait) or waiting for their results; and, before a run is planned, following the
/// tasks an identical earlier run created and never settled instead of paying for them again.
/// </summary>
internal sealed class ContactTasks(LensmorSession session, ContactChannel channel, ContactStates states)
{
    /// <summary>-NoWait: write the created tasks (ContactUnlockTask) instead of waiting for results.</summary>
    public bool NoWait { get; set; }

    /// <summary>How long to wait for the tasks; null waits until they end.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The poll schedule; null uses the documented 3, 5, 10, 20 s.</summary>
    public IReadOnlyList<TimeSpan>? Backoff { get; set; }

    /// <summary>
    /// An identical run that created tasks and never settled (Ctrl+C, a crash, a lost answer) is followed, not
    /// repeated: its tasks are polled (their results written as they are known) and only the contacts they do
    /// not cover are left to plan.
    /// </summary>
    /// <param name="describe">Names each result (the contact's name, title and company) before it is written.</param>
    public async Task<List<ContactTarget>> FollowUnsettledAsync(List<ContactTarget> contacts, PaidAction intent, PlanSlice<ContactRun> plan, Action<ContactUnlockResult> describe)
    {
        if (intent.Unsettled is not { } earlier)
        {
            return contacts;
        }

        var host = plan.Host;
        if (string.IsNullOrEmpty(earlier.TaskIds))
        {
            // Its answer was lost before any task id came back: each contact's unlock state, read next, shows
            // what it did, and only the contacts it never reached are sent.
            host.WriteWarning($"An identical unlock sent at {earlier.At:u} lost its answer. Each contact's unlock state is read again, and only contacts that request never reached are sent.");
            intent.SettleEarlier(earlier, earlier.Charged > 0 ? SpendOutcome.Charged : SpendOutcome.Failed, earlier.Charged ?? 0,
                "settled by re-reading each contact's unlock state (charged: what the balance moved during that run)");
            return contacts;
        }

        // The journal keeps each task as task@event.
        var refs = Join.Split(earlier.TaskIds)
            .Select(t => t.Split('@'))
            .Select(parts => new ContactTaskRef(parts[0], parts.Length > 1 ? parts[1] : null, channel))
            .ToList();
        host.WriteWarning($"An identical unlock sent at {earlier.At:u} created task(s) {string.Join(", ", refs.Select(r => r.TaskId))} and never settled. " +
                          "Following those tasks instead of creating new ones; nothing new is charged for the contacts they hold.");
        var results = await ContactTaskWaiter.WaitAsync(session, host, refs, Timeout, Backoff, describe: describe).ConfigureAwait(false);
        var covered = new HashSet<string>(results.Select(r => PersonBatches.Key(r.EventId, r.PersonnelId)), StringComparer.Ordinal);
        intent.SettleEarlier(earlier, SpendOutcome.Charged, earlier.Expected, "resumed: its tasks were followed instead of creating new ones");
        return contacts.Where(c => !covered.Contains(c.Key)).ToList();
    }

    /// <summary>The send step: one paid request per batch, then the tasks (-NoWait) or their results as rows.</summary>
    public async Task<Sent> SendAsync(ContactRun run, PaidSender sender)
    {
        var freed = new List<ContactUnlockResult>();
        var created = await CreateAsync(run.Batches, sender, freed).ConfigureAwait(false);
        var sent = new Sent(created.ExpectedSent)
        {
            MayReach = created.ExpectedSent + created.UnansweredExpected,
            TraceId = created.Tasks.Count > 0 ? created.Tasks[created.Tasks.Count - 1].TraceId : null,
        };
        sent.Rows.AddRange(freed);

        // Results of the tasks that exist are reported even when a later request failed.
        if (NoWait)
        {
            sent.Rows.AddRange(created.Tasks.Select(c => AsRow(c.Task, c.Expected, c.TraceId)));
        }
        else if (created.Tasks.Count > 0)
        {
            sent.Rows.AddRange(await ContactTaskWaiter.WaitAsync(session, sender.Host, created.Tasks.Select(c => c.Task).ToList(), Timeout, Backoff,
                warnAboutFailures: false, writeResults: false).ConfigureAwait(false));
        }

        // The contacts' results (the tasks of -NoWait are ContactUnlockTask rows).
        var results = sent.Rows.OfType<ContactUnlockResult>().ToList();
        foreach (var row in results)
        {
            run.Names.Describe(row);
        }

        if (ContactTaskWaiter.NotDelivered(run.Reported.Concat(results).ToList()) is { } warning)
        {
            sent.Warnings.Add(warning);
        }

        if (created.Failure is { } failure)
        {
            var inTasks = created.Tasks.Sum(c => c.Task.PersonnelIds.Count);
            var summary = $"{inTasks} contact(s) were sent in {created.Tasks.Count} task(s) {(NoWait ? "(in the output)" : "(reported above)")}";
            if (created.Unanswered > 0)
            {
                summary += $"; the request for {created.Unanswered} more contact(s) was sent but its answer was lost ({failure.ErrorId}), so Lensmor may have applied it";
            }

            sent.Failure = failure;
            sent.FailureSummary = summary + $"; {created.NotSent} contact(s) were not sent because of {failure.ErrorId}.";
            sent.FailureAdvice = created.Unanswered > 0
                ? "Run the same command again: it re-reads each contact's unlock state and sends only those never sent."
                : "Nothing was charged for the contacts not sent.";
        }

        return sent;
    }

    /// <summary>One paid request per batch; a terminating error stops the rest, and says how many were left unsent.</summary>
    private async Task<Created> CreateAsync(List<ContactBatch> batches, PaidSender sender, List<ContactUnlockResult> rows)
    {
        var created = new Created();
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            LensmorResponse<ContactUnlockSubmissionDto> response;
            try
            {
                var request = new LensmorRequest(HttpMethod.Post, ContactChannels.UnlockRoute(channel), RequestKind.Paid, batch.EventId)
                {
                    SendsCallSource = true,
                    Body = new Dictionary<string, object> { ["personnel_ids"] = batch.Ids, ["event_id"] = batch.EventId },
                };
                // What this process read of these people no longer holds once their unlock may have started.
                RecentReads.For(session.Connection).Forget(batch.Ids);
                response = await sender.SendAsync<ContactUnlockSubmissionDto>(request).ConfigureAwait(false);
            }
            catch (LensmorException e) when (e.IsTerminating)
            {
                created.Failure = e;
                if (PaidAction.MayHaveBeenApplied(e))
                {
                    created.Unanswered = batch.Ids.Count;
                    created.UnansweredExpected = batch.Expected;
                }

                created.NotSent = batches.Skip(i).Sum(b => b.Ids.Count) - created.Unanswered;
                break;
            }
            catch (LensmorException e)
            {
                sender.Host.WriteError(e);
                continue;
            }

            created.ExpectedSent += batch.Expected;
            var submission = response.Value;
            var inTask = states.Classify(batch.Ids, batch.EventId, submission.SkippedDetail, rows);
            var taskId = submission.AnyTaskId;
            if (string.IsNullOrEmpty(taskId))
            {
                // 0.24: status "success" means there was nothing chargeable to enqueue.
                sender.Host.WriteVerbose($"Lensmor created no task for event {batch.EventId} (status {submission.Status ?? "none"}): nothing chargeable.");
                rows.AddRange(inTask.Select(id => states.Free(id, batch.EventId, "Skipped", "NOT_ENQUEUED")));
                continue;
            }

            sender.Sent(taskId + "@" + batch.EventId);
            created.Tasks.Add((new ContactTaskRef(taskId!, batch.EventId, channel, inTask), batch.Expected, response.TraceId));
            sender.Host.WriteVerbose($"Created {channel.ToString().ToLowerInvariant()} unlock task {taskId} for {inTask.Count} contact(s) of event {batch.EventId}.");
        }

        return created;
    }

    private ContactUnlockTask AsRow(ContactTaskRef task, decimal expected, string? traceId) => new()
    {
        TaskId = task.TaskId,
        EventId = task.EventId,
        Channel = channel.ToString(),
        Status = "accepted",
        PersonnelCount = task.PersonnelIds.Count,
        PersonnelIds = string.Join("; ", task.PersonnelIds),
        ExpectedCredits = expected,
        TraceId = traceId,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>What the paid requests of a run did.</summary>
    private sealed class Created
    {
        public List<(ContactTaskRef Task, decimal Expected, string? TraceId)> Tasks { get; } = new();

        /// <summary>What the requests that were answered should cost.</summary>
        public decimal ExpectedSent { get; set; }

        /// <summary>The terminating error that stopped the requests, if one did.</summary>
        public LensmorException? Failure { get; set; }

        /// <summary>Contacts whose request was sent and whose answer was lost: it may have been applied.</summary>
        public int Unanswered { get; set; }
        public decimal UnansweredExpected { get; set; }

        /// <summary>Contacts never sent because of <see cref="Failure"/>.</summary>
        public int NotSent { get; set; }
    }
}
