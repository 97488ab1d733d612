using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Unlock-LensmorContactEmail and Unlock-LensmorContactPhone on the paid-run skeleton: one instance per
/// pipeline run, and one target (one prompt) for the whole run. Its plan step follows an identical earlier
/// run's tasks (<see cref="ContactTasks"/>), reads each contact's state (<see cref="ContactStates"/>) and
/// prices what is left in tasks of at most 100 (<see cref="ContactPricing"/>); its send step creates the
/// tasks and, unless -NoWait, waits for their results.
/// </summary>
public sealed class ContactUnlockOperation : IPaidSteps<ContactRun>
{
    public const int MaxPerTask = ContactPricing.MaxPerTask;

    private readonly LensmorSession session;
    private readonly ContactChannel channel;
    private readonly ContactStates states;
    private readonly ContactPricing pricing;
    private readonly ContactTasks tasks;
    private readonly PaidRun<ContactRun> run;

    /// <summary>What piped people already told about their state, by gathered id.</summary>
    private readonly Dictionary<string, Personnel> known = new(StringComparer.Ordinal);

    public ContactUnlockOperation(LensmorSession session, ContactChannel channel, decimal? maxCredits = null)
    {
        this.session = session;
        this.channel = channel;
        states = new ContactStates(session, channel);
        pricing = new ContactPricing(session, channel, states);
        tasks = new ContactTasks(session, channel, states);
        Shape = new PaidRunShape(channel == ContactChannel.Phone ? "Unlock-LensmorContactPhone" : "Unlock-LensmorContactEmail", "contact run")
        {
            PlanSliceSize = 0,
            WhenEmpty = "No contacts were given; nothing to unlock.",
        };
        run = new PaidRun<ContactRun>(() => session.Spending, this, maxCredits);
    }

    PaidRunShape IPaidSteps<ContactRun>.Shape => Shape;

    /// <summary>-NoWait: write the created tasks (ContactUnlockTask) instead of waiting for results.</summary>
    public bool NoWait { get => tasks.NoWait; set => tasks.NoWait = value; }

    /// <summary>How long to wait for the tasks; null waits until they end.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>-TimeoutSec as given; checked when the run starts (overrides <see cref="Timeout"/>).</summary>
    public int? TimeoutSec { get; set; }

    /// <summary>The poll schedule; null uses the documented 3, 5, 10, 20 s.</summary>
    public IReadOnlyList<TimeSpan>? Backoff { get => tasks.Backoff; set => tasks.Backoff = value; }

    /// <summary>-RetryFailed: contacts whose earlier unlock failed (no email or phone found) are sent, and paid for, again.</summary>
    public bool RetryFailed { get; set; }

    public int Count => run.Count;

    private PaidRunShape Shape { get; }

    /// <summary>The run as -PlanPath and Invoke-LensmorPlan drive it.</summary>
    public IPaidRun Paid => run;

    /// <summary>Collects one contact; bad input is refused here, before any request.</summary>
    public void Add(string? personnelId, string? eventId) => run.Gather(Key(personnelId, eventId));

    /// <summary>Collects a person read earlier: one whose email (or phone) is already there costs nothing and is not sent.</summary>
    public void Add(Personnel person)
    {
        var key = Key(person.PersonnelId, person.EventId);
        if (!known.ContainsKey(key))
        {
            known[key] = person;
        }

        run.Gather(key);
    }

    public Task RunAsync(ILensmorHost host)
    {
        // -TimeoutSec is checked when the run starts, before any request.
        tasks.Timeout = TimeoutSec != null ? ContactTaskWaiter.Timeout(TimeoutSec) : Timeout;
        return run.RunAsync(host);
    }

    async Task IPaidSteps<ContactRun>.PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<ContactRun> plan)
    {
        var contacts = targetIds.Select(Target).ToList();
        var names = new ContactNames(contacts, RecentReads.For(session.Connection));
        var asGathered = plan.Intent("Unlock" + channel, contacts.Select(c => c.JournalTarget), channel.ToString());
        contacts = await tasks.FollowUnsettledAsync(contacts, asGathered, plan, names.Describe).ConfigureAwait(false);
        if (contacts.Count == 0)
        {
            return;
        }

        var reported = new List<ContactUnlockResult>();
        var retried = await states.ReadAsync(contacts, RetryFailed, plan, reported).ConfigureAwait(false);
        var batches = await pricing.PriceAsync(contacts.Where(c => c.Sendable), plan, reported).ConfigureAwait(false);
        reported.ForEach(names.Describe);
        reported.ForEach(plan.Write);
        if (batches.Count == 0)
        {
            plan.Verbose($"Nothing chargeable among {contacts.Count} contact(s); nothing was sent and nothing was charged.");
            if (ContactTaskWaiter.NotDelivered(reported) is { } warning)
            {
                plan.Warn(warning);
            }

            return;
        }

        var count = batches.Sum(b => b.Ids.Count);
        var retriedNow = batches.Sum(b => b.Ids.Count(id => retried.Contains(PersonBatches.Key(b.EventId, id))));
        var action = $"Unlock {count} contact {ContactChannels.Noun(channel, count)} in {batches.Count} task{(batches.Count == 1 ? "" : "s")}";
        var note = retriedNow == 0 ? null : $"including {retriedNow} whose earlier unlock failed and that are paid for again (-RetryFailed)";
        var intent = plan.Intent("Unlock" + channel, contacts.Select(c => c.JournalTarget), channel.ToString());
        plan.Add(new PlanTarget(Join.Values(contacts.Select(c => c.Key)), Name(batches), action, batches.Sum(b => b.Expected), PriceNote: note),
            new ContactRun(batches, reported, names), intent);
    }

    Task<Sent> IPaidSteps<ContactRun>.SendAsync(Planned<ContactRun> target, PaidSender sender) => tasks.SendAsync(target.State, sender);

    private static string Key(string? rawPersonnelId, string? rawEventId) =>
        PersonBatches.Key(rawPersonnelId, rawEventId, InputValidation.EventIdMaxLength, "Contact", ": every unlock is scoped to one event");

    /// <summary>A gathered contact, with what a person given to <see cref="Add(Personnel)"/> already shows.</summary>
    private ContactTarget Target(string key)
    {
        var (eventId, personnelId) = PersonBatches.Parse(key);
        var target = new ContactTarget(personnelId, eventId);
        if (known.TryGetValue(key, out var person))
        {
            // Only an email (or phone) the person already shows is taken from it: any other state is read.
            var value = channel == ContactChannel.Phone ? person.Phone : person.Email;
            var status = channel == ContactChannel.Phone ? person.PhoneUnlockStatus : person.ContactUnlockStatus;
            target.Name = person.Name;
            target.Title = person.Title;
            target.CompanyName = person.CompanyName;
            if (!string.IsNullOrEmpty(value) || ContactStates.IsUnlocked(status))
            {
                target.KnownUnlocked = true;
                target.Value = value;
                target.Status = status;
            }
        }

        return target;
    }

    /// <summary>What the prompt names: "contact 7000001 of event 139001", "6 contacts of event 139001".</summary>
    private static string Name(List<ContactBatch> batches)
    {
        var contacts = batches.Sum(b => b.Ids.Count);
        var events = batches.Select(b => b.EventId).Distinct().ToList();
        return contacts == 1
            ? $"contact {batches[0].Ids[0]} of event {events[0]}"
            : $"{contacts} contacts of {(events.Count == 1 ? "event " + events[0] : events.Count + " events (" + string.Join(", ", events.Take(5)) + (events.Count > 5 ? ", ..." : "") + ")")}";
    }
}

/// <summary>What a contact run's plan hands its send step: the tasks to create, and the contacts it reported without sending.</summary>
internal sealed record ContactRun(List<ContactBatch> Batches, List<ContactUnlockResult> Reported, ContactNames Names);
