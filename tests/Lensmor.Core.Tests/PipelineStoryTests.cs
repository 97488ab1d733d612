using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// The story, driven through the same operations the cmdlets call:
/// Get-LensmorEvent -Keyword retail | Get-LensmorPersonnel | Where-Object Title -match 'VP' | Unlock-LensmorContactEmail
/// </summary>
public class PipelineStoryTests
{
    [Fact]
    public async Task Retail_events_to_VP_contacts_to_email_unlock_charges_each_chargeable_contact_once()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        // Get-LensmorEvent -Keyword retail (the first two events keep the test small)
        var events = RecordingHost.Yes();
        await EventCatalogOperation.ListAsync(session, events, new EventCatalogOperation.Filter { Keyword = "retail" }, new PagingOptions { First = 2 });
        var retail = events.Output<Event>().ToList();
        Assert.NotEmpty(retail);

        // | Get-LensmorPersonnel  (the events are unlocked, so the whole list is visible)
        var people = RecordingHost.Yes();
        foreach (var e in retail)
        {
            server.World.MarkEventUnlocked(e.EventId);
            await PersonnelOperation.ListAsync(session, people, new PersonnelOperation.Filter { EventId = e.EventId }, new PagingOptions());
        }

        // | Where-Object Title -match 'VP'
        var vps = people.Output<Personnel>().Where(p => p.Title != null && p.Title.Contains("VP")).ToList();
        Assert.NotEmpty(vps);
        Assert.All(vps, p => Assert.Contains(p.EventId, retail.Select(e => e.EventId)));

        // | Unlock-LensmorContactEmail  (binds PersonnelId and EventId by property name)
        var unlock = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var p in vps)
        {
            unlock.Add(p.PersonnelId, p.EventId);
        }

        var host = RecordingHost.Yes();
        await unlock.RunAsync(host);

        var chargeable = vps.Count;
        Assert.Single(host.Prompts);
        Assert.Equal(chargeable, server.Ledger.Charges.Count);
        Assert.Equal(15m * chargeable, server.Ledger.Charges.Sum(c => c.Credits));
        Assert.Equal(chargeable, server.Ledger.Charges.Select(c => c.Target).Distinct().Count());
        Assert.Equal(vps.Select(p => p.EventId + ":" + p.PersonnelId).OrderBy(x => x), server.Ledger.Charges.Select(c => c.Target).OrderBy(x => x));
        var results = host.Output<ContactUnlockResult>().ToList();
        Assert.Equal(vps.Count, results.Count);
        Assert.Equal(vps.Select(p => p.PersonnelId).OrderBy(x => x), results.Select(r => r.PersonnelId).OrderBy(x => x));
        Assert.All(results, r => Assert.Equal(server.World.HasEmail(r.PersonnelId), r.Delivered));

        // Running it again for the delivered contacts costs nothing and sends nothing (a failed contact may be charged again, so it is left out).
        var again = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var p in vps.Where(p => server.World.HasEmail(p.PersonnelId)))
        {
            again.Add(p.PersonnelId, p.EventId);
        }

        var second = RecordingHost.Yes();
        await again.RunAsync(second);
        Assert.Empty(second.Prompts);
        Assert.Equal(chargeable, server.Ledger.Charges.Count);
        Assert.All(second.Output<ContactUnlockResult>(), r => Assert.Equal("AlreadyUnlocked", r.Status));
    }
}
