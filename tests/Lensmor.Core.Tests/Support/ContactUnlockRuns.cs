using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests.Support;

/// <summary>The contact unlock runs of the ContactUnlock*Tests: people of the paid test event, added to one operation.</summary>
public static class ContactUnlockRuns
{
    public const string EventId = TestSandbox.PaidEventId;

    public static ContactUnlockOperation Run(LensmorSession session, IEnumerable<string> ids, string eventId = EventId, ContactChannel channel = ContactChannel.Email, decimal? maxCredits = null)
    {
        var op = new ContactUnlockOperation(session, channel, maxCredits);
        foreach (var id in ids)
        {
            op.Add(id, eventId);
        }

        return op;
    }

    public static IReadOnlyList<string> People(SandboxServer server, int count, string eventId = EventId) => server.World.PersonnelIdsOfEvent(eventId, count);
}
