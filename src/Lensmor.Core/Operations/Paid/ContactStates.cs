using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>One contact of a run (person and event), and what is known of its unlock state.</summary>
internal sealed class ContactTarget
{
    public ContactTarget(string personnelId, string eventId)
    {
        PersonnelId = personnelId;
        EventId = eventId;
    }

    public string PersonnelId { get; }
    public string EventId { get; }
    /// <summary>Its gathered id.</summary>
    public string Key => PersonBatches.Key(EventId, PersonnelId);

    /// <summary>How the journal names it.</summary>
    public string JournalTarget => PersonBatches.JournalTarget(EventId, PersonnelId);

    /// <summary>A piped person whose email (or phone) is already there: it costs nothing and is not sent.</summary>
    public bool KnownUnlocked { get; set; }

    /// <summary>The unlock state read before pricing (locked, unlocking, unlocked, failed; ready/processing for phones).</summary>
    public string? Status { get; set; }

    /// <summary>The email or phone already on the person's record.</summary>
    public string? Value { get; set; }

    /// <summary>Who the contact is, as a list page or profile said: copied onto the results.</summary>
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? CompanyName { get; set; }

    public bool Sendable { get; set; } = true;
}

/// <summary>
/// States, for the contact unlocks: each person's unlock state (<see cref="ContactStateReads"/> reads only what
/// is not known fresh), and what Lensmor's skipped_detail says about the people it did not take. What is not
/// sent becomes a free result (AlreadyUnlocked, Unlocking, Skipped, Failed).
/// </summary>
internal sealed class ContactStates(LensmorSession session, ContactChannel channel)
{
    private readonly ContactStateReads reads = new(session, channel);

    public static bool IsUnlocked(string? status) =>
        string.Equals(status, "unlocked", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "ready", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Learns each contact's state. Fills <paramref name="reported"/> with the contacts that are not sent, and
    /// returns the failed ones that -RetryFailed sends again (by gathered id).
    /// </summary>
    public async Task<HashSet<string>> ReadAsync(IReadOnlyList<ContactTarget> contacts, bool retryFailed, PlanSlice<ContactRun> plan, List<ContactUnlockResult> reported)
    {
        await reads.ReadAsync(contacts, plan).ConfigureAwait(false);
        var retried = new HashSet<string>(StringComparer.Ordinal);
        var failedBefore = new List<string>();
        foreach (var person in contacts)
        {
            if (person.KnownUnlocked)
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "AlreadyUnlocked", null, person.Value));
                person.Sendable = false;
                continue;
            }

            var status = (person.Status ?? "unknown").ToLowerInvariant();
            if (IsUnlocked(status) || !string.IsNullOrEmpty(person.Value))
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "AlreadyUnlocked", null, person.Value));
                person.Sendable = false;
            }
            else if (status is "unlocking" or "processing")
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "Unlocking", "unlock_in_progress"));
                person.Sendable = false;
            }
            else if (status == "failed" && !retryFailed)
            {
                reported.Add(Free(person.PersonnelId, person.EventId, "Failed", "FAILED_BEFORE"));
                failedBefore.Add(person.PersonnelId);
                person.Sendable = false;
            }
            else if (status == "failed")
            {
                retried.Add(person.Key);
            }
        }

        if (failedBefore.Count > 0)
        {
            plan.Warn($"{failedBefore.Count} contact(s) were not sent because an earlier unlock of them failed ({string.Join(", ", failedBefore.Take(10))}{(failedBefore.Count > 10 ? ", ..." : "")}); " +
                      $"Lensmor would charge {Credits.Format(ContactChannels.ListPrice(channel))} credits each to try again. Add -RetryFailed to send them anyway.");
        }

        return retried;
    }

    /// <summary>Turns a skipped_detail into free results; returns the ids that remain to be sent.</summary>
    public List<string> Classify(List<string> ids, string eventId, SkippedDetailDto? skipped, List<ContactUnlockResult> into)
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

    /// <summary>A contact that is not sent, reported as it stands (its email or phone when already unlocked).</summary>
    public ContactUnlockResult Free(string personnelId, string eventId, string status, string? code, string? value = null) =>
        ContactTaskWaiter.Result(personnelId, eventId, null, channel, status,
            channel == ContactChannel.Email ? value : null, channel == ContactChannel.Phone ? value : null, code);
}

/// <summary>Who the contacts of a run are, for their result rows: as the run read them, else as this process last did.</summary>
internal sealed class ContactNames(IReadOnlyList<ContactTarget> contacts, RecentReads recent)
{
    private readonly Dictionary<string, ContactTarget> byKey = contacts.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public void Describe(ContactUnlockResult row)
    {
        if (byKey.TryGetValue(PersonBatches.Key(row.EventId, row.PersonnelId), out var contact) && contact.Name != null)
        {
            row.Name = contact.Name;
            row.Title = contact.Title;
            row.CompanyName = contact.CompanyName;
        }
        else if (recent.Person(row.PersonnelId) is { } read)
        {
            row.Name = read.Name;
            row.Title = read.Title;
            row.CompanyName = read.CompanyName;
        }
    }
}
