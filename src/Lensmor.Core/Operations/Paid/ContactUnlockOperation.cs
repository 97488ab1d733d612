using Lensmor.Core.Session;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Unlock-LensmorContactEmail and Unlock-LensmorContactPhone: one instance per pipeline run. Contacts are
/// collected first (<see cref="Add(string?, string?)"/>), then <see cref="RunAsync"/> groups them by event,
/// drops the ones already unlocked (free, reported as AlreadyUnlocked), splits the rest into tasks of at most
/// 100, asks once for the whole run, creates the tasks and, unless NoWait, waits for their results.
/// </summary>
public sealed class ContactUnlockOperation
{
    public const int MaxPerTask = 100;

    private readonly LensmorSession session;
    private readonly ContactChannel channel;
    private readonly decimal? maxCredits;
    private readonly List<Requested> requested = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public ContactUnlockOperation(LensmorSession session, ContactChannel channel, decimal? maxCredits = null)
    {
        this.session = session;
        this.channel = channel;
        this.maxCredits = RunLimits.MaxCredits(maxCredits);
    }

    /// <summary>-NoWait: write the created tasks (ContactUnlockTask) instead of waiting for results.</summary>
    public bool NoWait { get; set; }

    /// <summary>How long to wait for the tasks; null waits until they end.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>-TimeoutSec as given; checked when the run starts (overrides <see cref="Timeout"/>).</summary>
    public int? TimeoutSec { get; set; }

    /// <summary>The poll schedule; null uses the documented 3, 5, 10, 20 s.</summary>
    public IReadOnlyList<TimeSpan>? Backoff { get; set; }

    public int Count => requested.Count;

    /// <summary>How long to wait for the tasks: -TimeoutSec when given (checked here), else <see cref="Timeout"/>.</summary>
    private TimeSpan? WaitTimeout => TimeoutSec != null ? ContactTaskWaiter.Timeout(TimeoutSec) : Timeout;

    private string CmdletName => channel == ContactChannel.Phone ? "Unlock-LensmorContactPhone" : "Unlock-LensmorContactEmail";

    /// <summary>Collects one contact; bad input is refused here, before any request.</summary>
    public void Add(string? personnelId, string? eventId) => Add(personnelId, eventId, knownUnlocked: false);

    /// <summary>Collects a person read earlier: one whose email (or phone) is already there costs nothing and is not sent.</summary>
    public void Add(Personnel person)
    {
        var value = channel == ContactChannel.Phone ? person.Phone : person.Email;
        var status = channel == ContactChannel.Phone ? person.PhoneUnlockStatus : person.ContactUnlockStatus;
        Add(person.PersonnelId, person.EventId, !string.IsNullOrEmpty(value) || IsUnlockedStatus(status));
        if (requested.LastOrDefault() is { } added && added.PersonnelId == person.PersonnelId)
        {
            added.Status = status;
            added.Value = value;
        }
    }

    /// <summary>-RetryFailed: contacts whose earlier unlock failed (no email or phone found) are sent, and paid for, again.</summary>
    public bool RetryFailed { get; set; }

    private void Add(string? rawPersonnelId, string? rawEventId, bool knownUnlocked)
    {
        var personnelId = InputValidation.PersonnelId(rawPersonnelId);
        if (string.IsNullOrWhiteSpace(rawEventId))
        {
            throw LensmorException.InvalidArgument(
                $"Contact {personnelId} has no -EventId: every unlock is scoped to one event. Nothing was sent.", personnelId,
                "Pass -EventId, or pipe the people from Get-LensmorPersonnel -EventId <id>, whose rows carry it.");
        }

        var eventId = InputValidation.EventId(rawEventId);
        if (seen.Add(eventId + "\n" + personnelId))
        {
            requested.Add(new Requested(personnelId, eventId, knownUnlocked));
        }
    }

    public async Task RunAsync(ILensmorHost host)
    {
        var timeout = WaitTimeout;
        if (requested.Count == 0)
        {
            host.WriteVerbose("No contacts were given; nothing to unlock.");
            return;
        }

        // An identical run that created tasks and never settled (Ctrl+C, a crash, a lost answer) is followed,
        // not repeated: its tasks are polled and only the contacts they do not cover go on.
        await FollowUnsettledTasksAsync(host, timeout).ConfigureAwait(false);
        if (requested.Count == 0)
        {
            return;
        }

        // 2. Each person's unlock state, re-read: an unlocked contact comes back with its value and costs
        // nothing; one being unlocked is not sent twice; one that failed before is not paid for again unasked.
        var reported = new List<ContactUnlockResult>();
        var retried = await ReadStatesAsync(host, reported).ConfigureAwait(false);

        // 3. Price what is left, per event and task, with the precheck.
        var batches = new List<Batch>();
        var shortOfCredits = false;
        foreach (var group in requested.Where(r => r.Sendable).GroupBy(r => r.EventId))
        {
            var eventId = group.Key;
            var ids = group.Select(r => r.PersonnelId).ToList();
            for (var start = 0; start < ids.Count; start += MaxPerTask)
            {
                var chunk = ids.Skip(start).Take(MaxPerTask).ToList();
                var precheck = await PrecheckOperation.RunAsync(session, host, ContactChannels.PrecheckAction(channel),
                    new Dictionary<string, object> { ["event_id"] = eventId, ["personnel_ids"] = chunk }, eventId).ConfigureAwait(false);
                var sendable = Classify(chunk, eventId, SkippedFrom(precheck.Detail), reported);
                switch (precheck.ReasonCode)
                {
                    case PrecheckReasons.AlreadyUnlocked:
                        reported.AddRange(sendable.Select(id => Free(id, eventId, "AlreadyUnlocked", null)));
                        continue;
                    case PrecheckReasons.UnlockInProgress:
                        reported.AddRange(sendable.Select(id => Free(id, eventId, "Unlocking", "unlock_in_progress")));
                        continue;
                    case PrecheckReasons.NoContactsAvailable:
                        reported.AddRange(sendable.Select(id => Free(id, eventId, "Skipped", "no_contacts_available")));
                        continue;
                    case PrecheckReasons.InsufficientBalance:
                        shortOfCredits = true;
                        break;
                    default:
                        if (precheck.Allowed == false)
                        {
                            host.WriteError(PrecheckDenial.ToError(precheck, $"{sendable.Count} contact(s) of event {eventId}"));
                            continue;
                        }

                        break;
                }

                if (sendable.Count > 0)
                {
                    var expected = PrecheckOperation.ExpectedCost(precheck, ContactChannels.ListPrice(channel) * sendable.Count);
                    batches.Add(new Batch(eventId, sendable, expected));
                }
            }
        }

        foreach (var result in reported.ToList())
        {
            host.WriteObject(result);
        }

        if (batches.Count == 0)
        {
            host.WriteVerbose($"Nothing chargeable among {requested.Count} contact(s); nothing was sent and nothing was charged.");
            ContactTaskWaiter.WarnAboutFailures(host, reported);
            return;
        }

        var contacts = batches.Sum(b => b.Ids.Count);
        var total = batches.Sum(b => b.Expected);
        var events = batches.Select(b => b.EventId).Distinct().ToList();
        var target = contacts == 1
            ? $"contact {batches[0].Ids[0]} of event {events[0]}"
            : $"{contacts} contacts of {(events.Count == 1 ? "event " + events[0] : events.Count + " events (" + string.Join(", ", events.Take(5)) + (events.Count > 5 ? ", ..." : "") + ")")}";

        // 4-5. One planned spend for the whole run: checked whole, asked once, then the tasks are created.
        using var run = new PaidRun(session.Spending, host, "contact run", maxCredits) { PrecheckSaysShort = shortOfCredits };
        var retriedNow = batches.Sum(b => b.Ids.Count(id => retried.Contains(b.EventId + ":" + id)));
        run.Add(new PlannedSpend(target, $"Unlock {contacts} contact {ContactChannels.Noun(channel, contacts)} in {batches.Count} task{(batches.Count == 1 ? "" : "s")}", total, Intent(host))
        {
            PriceNote = retriedNow == 0 ? null : $"including {retriedNow} whose earlier unlock failed and that are paid for again (-RetryFailed)",
        });
        await run.ExecuteAsync((spend, before) => SendAsync(host, spend, before, batches, reported)).ConfigureAwait(false);
    }

    private async Task<decimal> SendAsync(ILensmorHost host, PlannedSpend spend, decimal? before, List<Batch> batches, List<ContactUnlockResult> reported)
    {
        var paid = spend.Intent;
        var total = spend.Expected ?? 0;
        paid.EnsureAffordable(total, before, spend.Target);
        var timeout = WaitTimeout;

        var created = new List<(ContactTaskRef Task, Batch Batch, string? TraceId)>();
        LensmorException? failure = null;
        var unanswered = 0;
        decimal unansweredExpected = 0;
        var notSent = 0;
        decimal expectedSent = 0;
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
                response = await paid.SendAsync<ContactUnlockSubmissionDto>(request).ConfigureAwait(false);
            }
            catch (LensmorException e) when (e.IsTerminating)
            {
                failure = e;
                if (PaidAction.MayHaveBeenApplied(e))
                {
                    unanswered = batch.Ids.Count;
                    unansweredExpected = batch.Expected;
                }

                notSent = batches.Skip(i).Sum(b => b.Ids.Count) - unanswered;
                break;
            }
            catch (LensmorException e)
            {
                host.WriteError(e);
                continue;
            }

            expectedSent += batch.Expected;
            var submission = response.Value;
            var skippedNow = new List<ContactUnlockResult>();
            var inTask = Classify(batch.Ids, batch.EventId, submission.SkippedDetail, skippedNow);
            foreach (var result in skippedNow)
            {
                host.WriteObject(result);
            }

            reported.AddRange(skippedNow);

            var taskId = submission.AnyTaskId;
            if (string.IsNullOrEmpty(taskId))
            {
                // 0.24: status "success" means there was nothing chargeable to enqueue.
                host.WriteVerbose($"Lensmor created no task for event {batch.EventId} (status {submission.Status ?? "none"}): nothing chargeable.");
                foreach (var id in inTask)
                {
                    var result = Free(id, batch.EventId, "Skipped", "NOT_ENQUEUED");
                    host.WriteObject(result);
                    reported.Add(result);
                }

                continue;
            }

            paid.Sent(taskId + "@" + batch.EventId);
            created.Add((new ContactTaskRef(taskId!, batch.EventId, channel, inTask), batch, response.TraceId));
            host.WriteVerbose($"Created {channel.ToString().ToLowerInvariant()} unlock task {taskId} for {inTask.Count} contact(s) of event {batch.EventId}.");
        }

        // Results of the tasks that exist are reported even when a later request failed.
        if (NoWait)
        {
            foreach (var (task, batch, traceId) in created)
            {
                host.WriteObject(new ContactUnlockTask
                {
                    TaskId = task.TaskId,
                    EventId = task.EventId,
                    Channel = channel.ToString(),
                    Status = "accepted",
                    PersonnelCount = task.PersonnelIds.Count,
                    PersonnelIds = string.Join("; ", task.PersonnelIds),
                    ExpectedCredits = batch.Expected,
                    TraceId = traceId,
                    CreatedAt = DateTimeOffset.UtcNow,
                });
            }
        }
        else if (created.Count > 0)
        {
            var results = await ContactTaskWaiter.WaitAsync(session, host, created.Select(c => c.Task).ToList(), timeout, Backoff, warnAboutFailures: false).ConfigureAwait(false);
            reported.AddRange(results);
        }

        ContactTaskWaiter.WarnAboutFailures(host, reported);

        // 6. What it cost (the per-contact results are already written). A request whose answer was lost may or
        // may not have been applied, so the balance may move by anything between the two.
        var charged = await PerPersonRequests.SettleAsync(session, host, paid, "Unlock" + channel, spend.Target, expectedSent, expectedSent, before,
            created.Count > 0 ? created[created.Count - 1].TraceId : null, warnOnlyAbove: false, Array.Empty<ContactUnlockResult>(),
            expectedSent + unansweredExpected).ConfigureAwait(false);

        if (failure != null)
        {
            var sent = created.Sum(c => c.Task.PersonnelIds.Count);
            var summary = $"{sent} contact(s) were sent in {created.Count} task(s) {(NoWait ? "(in the output)" : "(reported above)")}";
            if (unanswered > 0)
            {
                summary += $"; the request for {unanswered} more contact(s) was sent but its answer was lost ({failure.ErrorId}), so Lensmor may have applied it";
            }

            summary += $"; {notSent} contact(s) were not sent because of {failure.ErrorId}. The balance moved by {Credits.Format(charged)} credits. " +
                       (unanswered > 0
                           ? "Run the same command again: it re-reads each contact's unlock state and sends only those never sent."
                           : "Nothing was charged for the contacts not sent.");
            host.WriteWarning(summary);
            throw failure;
        }

        return charged ?? expectedSent;
    }

    /// <summary>
    /// Reads each contact's unlock state (personnel/profile) unless the caller already knew it. Writes nothing;
    /// fills <paramref name="reported"/> with the contacts that are not sent, and returns the failed ones
    /// that -RetryFailed sends again (as event:person).
    /// </summary>
    private async Task<HashSet<string>> ReadStatesAsync(ILensmorHost host, List<ContactUnlockResult> reported)
    {
        var retried = new HashSet<string>(StringComparer.Ordinal);
        var failedBefore = new List<string>();
        foreach (var person in requested)
        {
            if (person.KnownUnlocked)
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "AlreadyUnlocked", null, person.Value));
                person.Sendable = false;
                continue;
            }

            if (person.Status == null)
            {
                try
                {
                    var request = new LensmorRequest(HttpMethod.Get, "external/personnel/profile", RequestKind.Read, person.PersonnelId).With("personnel_id", person.PersonnelId);
                    var profile = (await session.Client.SendAsync<ContactItemDto>(request, host).ConfigureAwait(false)).Value;
                    person.Status = (channel == ContactChannel.Phone ? profile.PhoneUnlockStatus : profile.ContactUnlockStatus) ?? "locked";
                    person.Value = channel == ContactChannel.Phone ? profile.Phone : profile.Email;
                }
                catch (LensmorException e) when (!e.IsTerminating)
                {
                    // Lensmor itself skips an unknown person without charging; its answer says so per contact.
                    host.WriteVerbose($"The unlock state of contact {person.PersonnelId} could not be read ({e.ErrorId}); Lensmor decides when it is sent.");
                    person.Status = "unknown";
                }
            }

            var status = person.Status!.ToLowerInvariant();
            if (IsUnlockedStatus(status) || !string.IsNullOrEmpty(person.Value))
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "AlreadyUnlocked", null, person.Value));
                person.Sendable = false;
            }
            else if (status is "unlocking" or "processing")
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "Unlocking", "unlock_in_progress"));
                person.Sendable = false;
            }
            else if (status == "failed" && !RetryFailed)
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "Failed", "FAILED_BEFORE"));
                failedBefore.Add(person.PersonnelId);
                person.Sendable = false;
            }
            else if (status == "failed")
            {
                retried.Add(person.EventId + ":" + person.PersonnelId);
            }
        }

        if (failedBefore.Count > 0)
        {
            host.WriteWarning($"{failedBefore.Count} contact(s) were not sent because an earlier unlock of them failed ({string.Join(", ", failedBefore.Take(10))}{(failedBefore.Count > 10 ? ", ..." : "")}); " +
                              $"Lensmor would charge {Credits.Format(ContactChannels.ListPrice(channel))} credits each to try again. Add -RetryFailed to send them anyway.");
        }

        return retried;
    }

    private static bool IsUnlockedStatus(string? status) =>
        string.Equals(status, "unlocked", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "ready", StringComparison.OrdinalIgnoreCase);

    /// <summary>The journal's view of this run: the requested contacts (event and person), whatever is already unlocked.</summary>
    private PaidAction Intent(ILensmorHost host) =>
        new(session.Spending, host, CmdletName, "Unlock" + channel, requested.Select(r => r.EventId + ":" + r.PersonnelId), channel.ToString());

    private async Task FollowUnsettledTasksAsync(ILensmorHost host, TimeSpan? timeout)
    {
        using var intent = Intent(host);
        if (intent.Unsettled is not { } earlier)
        {
            return;
        }

        if (string.IsNullOrEmpty(earlier.TaskIds))
        {
            // Its answer was lost before any task id came back: each contact's unlock state, read next, shows
            // what it did, and only the contacts it never reached are sent.
            host.WriteWarning($"An identical unlock sent at {earlier.At:u} lost its answer. Each contact's unlock state is read again, and only contacts that request never reached are sent.");
            intent.SettleEarlier(earlier, earlier.Charged > 0 ? SpendOutcome.Charged : SpendOutcome.Failed, earlier.Charged ?? 0,
                "settled by re-reading each contact's unlock state (charged: what the balance moved during that run)");
            return;
        }

        // The journal keeps each task as task@event.
        var refs = earlier.TaskIds!.Split(new[] { "; " }, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Split('@'))
            .Select(parts => new ContactTaskRef(parts[0], parts.Length > 1 ? parts[1] : null, channel))
            .ToList();
        host.WriteWarning($"An identical unlock sent at {earlier.At:u} created task(s) {string.Join(", ", refs.Select(r => r.TaskId))} and never settled. " +
                          "Following those tasks instead of creating new ones; nothing new is charged for the contacts they hold.");
        var results = await ContactTaskWaiter.WaitAsync(session, host, refs, timeout, Backoff).ConfigureAwait(false);
        var covered = new HashSet<string>(results.Select(r => r.EventId + ":" + r.PersonnelId), StringComparer.Ordinal);
        intent.SettleEarlier(earlier, SpendOutcome.Charged, earlier.Expected, "resumed: its tasks were followed instead of creating new ones");
        requested.RemoveAll(r => covered.Contains(r.EventId + ":" + r.PersonnelId));
    }

    /// <summary>Turns a skipped_detail into free results; returns the ids that remain to be sent.</summary>
    private List<string> Classify(List<string> ids, string eventId, SkippedDetailDto? skipped, List<ContactUnlockResult> into)
    {
        if (skipped == null)
        {
            return ids.ToList();
        }

        var reasons = new Dictionary<string, (string Status, string? Code)>(StringComparer.Ordinal);
        void Mark(List<string>? list, string status, string? code)
        {
            foreach (var id in list ?? new List<string>())
            {
                reasons[id] = (status, code);
            }
        }

        Mark(skipped.InvalidPersonnelIds, "Skipped", "invalid_personnel_id");
        Mark(skipped.MissingPersonnelIds, "Skipped", "missing_personnel_id");
        Mark(skipped.UnlinkedPersonnelIds, "Skipped", "unlinked_personnel_id");
        Mark(skipped.UnlockingPersonnelIds, "Unlocking", "unlock_in_progress");
        Mark(skipped.AlreadyUnlockedPersonnelIds, "AlreadyUnlocked", null);
        var rest = new List<string>();
        foreach (var id in ids)
        {
            if (reasons.TryGetValue(id, out var reason))
            {
                into.Add(Free(id, eventId, reason.Status, reason.Code));
            }
            else
            {
                rest.Add(id);
            }
        }

        return rest;
    }

    private static SkippedDetailDto? SkippedFrom(JObject? detail)
    {
        try
        {
            return detail?["skipped_detail"] is JObject o ? o.ToObject<SkippedDetailDto>() : null;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    private ContactUnlockResult Free(string personnelId, string eventId, string status, string? code, string? value = null) =>
        ContactTaskWaiter.Result(personnelId, eventId, null, channel, status,
            channel == ContactChannel.Email ? value : null, channel == ContactChannel.Phone ? value : null, code);

    private sealed class Requested
    {
        public Requested(string personnelId, string eventId, bool knownUnlocked)
        {
            PersonnelId = personnelId;
            EventId = eventId;
            KnownUnlocked = knownUnlocked;
        }

        public string PersonnelId { get; }
        public string EventId { get; }
        public bool KnownUnlocked { get; }

        /// <summary>The unlock state read before pricing (locked, unlocking, unlocked, failed; ready/processing for phones).</summary>
        public string? Status { get; set; }

        /// <summary>The email or phone already on the person's record.</summary>
        public string? Value { get; set; }

        public bool Sendable { get; set; } = true;
    }

    private sealed class Batch
    {
        public Batch(string eventId, List<string> ids, decimal expected)
        {
            EventId = eventId;
            Ids = ids;
            Expected = expected;
        }

        public string EventId { get; }
        public List<string> Ids { get; }
        public decimal Expected { get; }
    }
}
