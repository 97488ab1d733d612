using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// How a contact run learns each contact's unlock state (and name) with few requests, before it is priced:
/// <list type="number">
/// <item>what this process read of the person a moment ago (<see cref="RecentReads"/>: the people just listed
/// and piped in), while fresh: read less than <see cref="RecentReads.FreshFor"/> ago, and no unlock of the person
/// through this channel sent since, by this process or, as the journal shows, by any other;</item>
/// <item>otherwise the event's personnel list, 50 people a request, when an event has enough contacts to ask
/// about for its pages to take fewer requests than one profile read each (the first page tells how many pages
/// there are; a preview shows only its first);</item>
/// <item>otherwise, and for anyone the pages did not show, one profile read per person.</item>
/// </list>
/// The reads go out together, a few at a time (<see cref="PlanReads"/>), under the key's one rate model.
/// </summary>
internal sealed class ContactStateReads(LensmorSession session, ContactChannel channel)
{
    /// <summary>An event with at least this many contacts to read has its first page read before any profile.</summary>
    internal const int PageProbe = 3;

    internal const int PageSize = 50;

    /// <summary>Fills in each contact's state and name, reading only what is not known fresh.</summary>
    public async Task ReadAsync(IReadOnlyList<ContactTarget> contacts, PlanSlice<ContactRun> plan)
    {
        var recent = RecentReads.For(session.Connection);
        var sentSince = UnlocksJournalled(plan.Host);
        var toRead = new List<ContactTarget>();
        foreach (var contact in contacts.Where(c => !c.KnownUnlocked))
        {
            if (recent.Person(contact.PersonnelId) is not { } read)
            {
                toRead.Add(contact);
                continue;
            }

            Take(contact, read);
            var sentAfterRead = sentSince.TryGetValue(contact.PersonnelId, out var sent) && sent >= read.At;
            if (!recent.IsFresh(read.At) || sentAfterRead)
            {
                contact.Status = null;
                contact.Value = null;
                toRead.Add(contact);
            }
        }

        if (toRead.Count == 0)
        {
            return;
        }

        using var gate = new PlanReads.Gate(PlanReads.InFlight, plan.Host.CancellationToken);
        // Each event's reads go through the one gate; the events themselves are not held by it (they wait on it).
        var events = toRead.GroupBy(c => c.EventId).Select(g => ReadEventAsync(g.Key, g.ToList(), gate, plan.Host)).ToList();
        await PlanReads.InOrderAsync(events, _ => { }, gate).ConfigureAwait(false);

        // Lines are said once every read has ended, in order: a plan slice is written to from one thread at a time.
        events.SelectMany(e => e.Result.Notes).ToList().ForEach(plan.Verbose);
        var pages = events.Sum(e => e.Result.Pages);
        plan.Verbose($"Read the unlock state of {toRead.Count} contact(s) not read in the last {RecentReads.FreshFor.TotalMinutes:0} minutes" +
                     (pages > 0 ? $", {pages} personnel list page(s) included." : "."));
    }

    /// <summary>One event's contacts: its list pages when they take fewer requests, then a profile read for the rest.</summary>
    /// <returns>The pages read, and a line for each person whose state could not be read.</returns>
    private async Task<(int Pages, IEnumerable<string> Notes)> ReadEventAsync(string eventId, List<ContactTarget> people, PlanReads.Gate gate, ILensmorHost host)
    {
        var wanted = people.ToDictionary(p => p.PersonnelId, StringComparer.Ordinal);
        var pagesRead = 0;
        if (people.Count >= PageProbe)
        {
            var first = await gate.RunAsync(() => ReadPageAsync(eventId, 1, host)).ConfigureAwait(false);
            pagesRead++;
            Apply(first, wanted);
            var pages = Math.Min(first.TotalPages ?? 1, first.Semantics?.PageState?.MaxAccessiblePage ?? int.MaxValue);
            if (pages > 1 && pages - 1 < wanted.Count)
            {
                var rest = new List<PageDto<ContactItemDto>>();
                await PlanReads.InOrderAsync(Enumerable.Range(2, pages - 1).Select(page => gate.RunAsync(() => ReadPageAsync(eventId, page, host))).ToList(), rest.Add, gate)
                    .ConfigureAwait(false);
                pagesRead += rest.Count;
                foreach (var page in rest)
                {
                    Apply(page, wanted);
                }
            }
        }

        // Whoever the pages did not show (not in them, beyond a preview, or too few to page for) is read alone.
        var left = wanted.Values.ToList();
        var notes = new List<string?>();
        await PlanReads.InOrderAsync(left.Select(person => gate.RunAsync(() => ReadProfileAsync(person, host))).ToList(), notes.Add, gate).ConfigureAwait(false);
        return (pagesRead, notes.OfType<string>());
    }

    private async Task<PageDto<ContactItemDto>> ReadPageAsync(string eventId, int page, ILensmorHost host)
    {
        var request = new LensmorRequest(HttpMethod.Get, "external/personnel/list", RequestKind.Read, eventId)
            .With("event_id", eventId).With("page", page).With("pageSize", PageSize);
        return (await session.Client.SendAsync<PageDto<ContactItemDto>>(request, host).ConfigureAwait(false)).Value;
    }

    /// <summary>What a page shows: each person remembered as read now, and those of the run known.</summary>
    private void Apply(PageDto<ContactItemDto> page, Dictionary<string, ContactTarget> wanted)
    {
        var recent = RecentReads.For(session.Connection);
        foreach (var item in page.Items ?? new List<ContactItemDto>())
        {
            recent.Person(item);
            if (item.Id != null && wanted.TryGetValue(item.Id, out var contact))
            {
                Take(contact, item);
                wanted.Remove(item.Id);
            }
        }
    }

    /// <returns>Null, or the line to say when the state could not be read.</returns>
    private async Task<string?> ReadProfileAsync(ContactTarget person, ILensmorHost host)
    {
        try
        {
            Take(person, await PersonnelOperation.ProfileAsync(session, host, person.PersonnelId).ConfigureAwait(false));
            return null;
        }
        catch (LensmorException e) when (!e.IsTerminating)
        {
            // Lensmor itself skips an unknown person without charging; its answer says so per contact.
            person.Status = "unknown";
            return $"The unlock state of contact {person.PersonnelId} could not be read ({e.ErrorId}); Lensmor decides when it is sent.";
        }
    }

    private void Take(ContactTarget contact, ContactItemDto item) =>
        Take(contact, new PersonRead(DateTimeOffset.UtcNow, item.FullName, item.Title, item.CompanyName, item.Email, item.ContactUnlockStatus, item.Phone, item.PhoneUnlockStatus));

    private void Take(ContactTarget contact, PersonRead read)
    {
        contact.Name = read.Name;
        contact.Title = read.Title;
        contact.CompanyName = read.CompanyName;
        contact.Value = channel == ContactChannel.Phone ? read.Phone : read.Email;
        contact.Status = (channel == ContactChannel.Phone ? read.PhoneStatus : read.EmailStatus) ?? "locked";
    }

    /// <summary>
    /// When each person was last sent for unlock through this channel on this account, as the journal shows it
    /// (any process that shares it): a state read before that no longer holds.
    /// </summary>
    private Dictionary<string, DateTimeOffset> UnlocksJournalled(ILensmorHost host)
    {
        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (session.Spending.Journal is not { } journal)
        {
            return sent;
        }

        var action = "Unlock" + channel;
        foreach (var record in journal.ReadActive(host).Where(r => r.Action == action && r.Account == session.Spending.Account &&
                                                                  r.State is JournalRecord.Sent or JournalRecord.Unknown))
        {
            foreach (var target in Join.Split(record.Targets))
            {
                var personnelId = target.Substring(target.IndexOf(':') + 1);
                if (!sent.TryGetValue(personnelId, out var at) || record.At > at)
                {
                    sent[personnelId] = record.At;
                }
            }
        }

        return sent;
    }
}
