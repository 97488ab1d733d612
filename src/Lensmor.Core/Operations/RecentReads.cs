using System.Collections.Concurrent;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations;

/// <summary>
/// What this process read from Lensmor a moment ago, per account (base URL and key fingerprint, as
/// <see cref="RateModels"/>): each person's unlock states and name, each event's name. A paid plan takes what it
/// needs from here instead of reading it again, so that `Get-LensmorPersonnel ... | Unlock-LensmorContactEmail`
/// or `Get-LensmorEvent ... | Unlock-LensmorEvent` costs no read per target. Piped objects bind by property
/// name, so this holds what the piped objects carry, as Lensmor said it, and nothing an imported or hand-made
/// object claims.
/// </summary>
/// <remarks>
/// Freshness rule (the README and help say it): a person's unlock state is used when it was read less than
/// <see cref="FreshFor"/> ago, and no unlock of that person through the same channel has been sent or journalled
/// since (the plan asks the journal; a send in this process forgets the person at once). Anything older is read
/// again. Names are only shown, never priced, and are taken at any age.
/// </remarks>
public sealed class RecentReads
{
    /// <summary>How long a person's unlock state read by this process stands in for a new read.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(10);

    /// <summary>Above this many people (or events), the ones older than <see cref="FreshFor"/> are dropped (and all, if that is not enough).</summary>
    internal const int MaxPeople = 100_000;

    private static readonly ConcurrentDictionary<string, RecentReads> Accounts = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, PersonRead> people = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EventRead> events = new(StringComparer.Ordinal);

    internal RecentReads(Func<DateTimeOffset>? clock = null) => Clock = clock ?? (() => DateTimeOffset.UtcNow);

    internal Func<DateTimeOffset> Clock { get; }

    public static RecentReads For(LensmorConnection connection) =>
        Accounts.GetOrAdd(connection.AccountKey, _ => new RecentReads());

    /// <summary>A person as a list page or a profile showed it, now.</summary>
    public void Person(ContactItemDto dto)
    {
        if (string.IsNullOrEmpty(dto.Id))
        {
            return;
        }

        if (people.Count >= MaxPeople)
        {
            Trim();
        }

        people[dto.Id!] = new PersonRead(Clock(), dto.FullName, dto.Title, dto.CompanyName, dto.Email, dto.ContactUnlockStatus, dto.Phone, dto.PhoneUnlockStatus);
    }

    /// <summary>What was read of a person, at any age (null when never read, or forgotten).</summary>
    public PersonRead? Person(string personnelId) => people.TryGetValue(personnelId, out var read) ? read : null;

    /// <summary>An unlock of these people was sent: what was read of them no longer holds.</summary>
    public void Forget(IEnumerable<string> personnelIds)
    {
        foreach (var id in personnelIds)
        {
            people.TryRemove(id, out _);
        }
    }

    /// <summary>Whether a read made at <paramref name="at"/> still stands in for a new one.</summary>
    public bool IsFresh(DateTimeOffset at) => Clock() - at < FreshFor;

    public void Event(EventItemDto dto)
    {
        if (dto.PreferredId is { Length: > 0 } id)
        {
            if (events.Count >= MaxPeople)
            {
                events.Clear();
            }

            events[id] = new EventRead(dto.Name, dto.HasVisitors);
        }
    }

    /// <summary>An event's name and whether it has visitor data, as last read (null when never read).</summary>
    public EventRead? Event(string eventId) => events.TryGetValue(eventId, out var read) ? read : null;

    private void Trim()
    {
        var now = Clock();
        foreach (var stale in people.Where(p => now - p.Value.At >= FreshFor).Select(p => p.Key).ToList())
        {
            people.TryRemove(stale, out _);
        }

        if (people.Count >= MaxPeople)
        {
            people.Clear();
        }
    }
}

/// <summary>One person as this process last read them: when, who, and both unlock states.</summary>
public sealed record PersonRead(DateTimeOffset At, string? Name, string? Title, string? CompanyName, string? Email, string? EmailStatus, string? Phone, string? PhoneStatus);

/// <summary>One event as this process last read it.</summary>
public sealed record EventRead(string? Name, bool? HasVisitors);
