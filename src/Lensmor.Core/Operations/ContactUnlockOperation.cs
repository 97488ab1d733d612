using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Operations;

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
        this.maxCredits = InputValidation.MaxCredits(maxCredits);
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

    private string CmdletName => channel == ContactChannel.Phone ? "Unlock-LensmorContactPhone" : "Unlock-LensmorContactEmail";

    /// <summary>Collects one contact; bad input is refused here, before any request.</summary>
    public void Add(string? personnelId, string? eventId) => Add(personnelId, eventId, knownUnlocked: false);

    /// <summary>Collects a person read earlier: one whose email (or phone) is already there costs nothing and is not sent.</summary>
    public void Add(Personnel person)
    {
        var unlocked = channel == ContactChannel.Phone
            ? !string.IsNullOrEmpty(person.Phone) || string.Equals(person.PhoneUnlockStatus, "ready", StringComparison.OrdinalIgnoreCase)
            : !string.IsNullOrEmpty(person.Email) || string.Equals(person.ContactUnlockStatus, "unlocked", StringComparison.OrdinalIgnoreCase);
        Add(person.PersonnelId, person.EventId, unlocked);
    }

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
        var timeout = TimeoutSec != null ? ContactTaskWaiter.Timeout(TimeoutSec) : Timeout;
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

        // 2-3. Read-only preparation: what is already unlocked and what the rest would cost.
        var reported = new List<ContactUnlockResult>();
        var batches = new List<Batch>();
        var shortOfCredits = false;
        foreach (var group in requested.GroupBy(r => r.EventId))
        {
            var eventId = group.Key;
            reported.AddRange(group.Where(r => r.KnownUnlocked).Select(r => Free(r.PersonnelId, eventId, "AlreadyUnlocked", null)));
            var ids = group.Where(r => !r.KnownUnlocked).Select(r => r.PersonnelId).ToList();
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
        var before = (await BalanceOperation.GetAsync(session, host).ConfigureAwait(false)).TotalBalance;
        var target = contacts == 1
            ? $"contact {batches[0].Ids[0]} of event {events[0]}"
            : $"{contacts} contacts of {(events.Count == 1 ? "event " + events[0] : events.Count + " events (" + string.Join(", ", events.Take(5)) + (events.Count > 5 ? ", ..." : "") + ")")}";
        using var paid = Intent(host);
        if (shortOfCredits)
        {
            throw LensmorException.InsufficientCredits(target, total, before ?? 0);
        }

        paid.EnsureAffordable(total, before, target);

        // 4. Ask once for the whole run.
        var action = $"Unlock {contacts} contact {ContactChannels.Noun(channel, contacts)} in {batches.Count} task{(batches.Count == 1 ? "" : "s")} " +
                     $"for {Credits.Format(total)} credits (balance {Credits.Format(before)} -> {Credits.Format(before - total)})";
        if (!host.ShouldProcess(target, action))
        {
            return;
        }

        // 5. Create the tasks, one paid request each.
        var created = new List<(ContactTaskRef Task, Batch Batch, string? TraceId)>();
        LensmorException? failure = null;
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
                notSent = batches.Skip(i).Sum(b => b.Ids.Count);
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

        // 6. What it cost (the per-contact results are already written).
        await PerPersonRequests.SettleAsync(session, host, paid, "Unlock" + channel, target, expectedSent, expectedSent, before,
            created.Count > 0 ? created[created.Count - 1].TraceId : null, warnOnlyAbove: false, Array.Empty<ContactUnlockResult>()).ConfigureAwait(false);

        if (failure != null)
        {
            host.WriteWarning(
                $"{notSent} contact(s) were not sent because a request failed ({failure.ErrorId}); " +
                $"{created.Count} task(s) created before it {(NoWait ? "are in the output" : "are reported above")}. Nothing was charged for the contacts not sent.");
            throw failure;
        }
    }

    /// <summary>The journal's view of this run: the requested contacts (event and person), whatever is already unlocked.</summary>
    private PaidAction Intent(ILensmorHost host) =>
        new(session, host, CmdletName, "Unlock" + channel, requested.Select(r => r.EventId + ":" + r.PersonnelId), channel.ToString(), maxCredits);

    private async Task FollowUnsettledTasksAsync(ILensmorHost host, TimeSpan? timeout)
    {
        using var intent = Intent(host);
        if (intent.Unsettled is not { } earlier || string.IsNullOrEmpty(earlier.TaskIds))
        {
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

    private ContactUnlockResult Free(string personnelId, string eventId, string status, string? code) =>
        ContactTaskWaiter.Result(personnelId, eventId, null, channel, status, null, null, code);

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
