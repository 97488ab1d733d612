using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations.Paid;

/// <summary>The access layers an event unlock can buy.</summary>
public enum EventUnlockScope
{
    /// <summary>Base access: complete exhibitor and personnel results (2,000 credits).</summary>
    Contacts,

    /// <summary>The visitor data layer (3,000 credits); needs base access first.</summary>
    Visitors,

    /// <summary>Base and visitor access in one call; only missing layers are charged (up to 5,000).</summary>
    Full,
}

internal static class EventUnlockScopes
{
    public static string Route(EventUnlockScope scope, string eventId)
    {
        var id = Uri.EscapeDataString(eventId);
        return scope switch
        {
            EventUnlockScope.Visitors => $"external/events/{id}/visitors/unlock",
            EventUnlockScope.Full => $"external/events/{id}/full-access/unlock",
            _ => $"external/events/{id}/unlock",
        };
    }

    public static string PrecheckAction(EventUnlockScope scope) => scope switch
    {
        EventUnlockScope.Visitors => PrecheckActionTypes.UnlockEventVisitors,
        EventUnlockScope.Full => PrecheckActionTypes.UnlockEventFullAccess,
        _ => PrecheckActionTypes.UnlockEventContacts,
    };

    /// <summary>The list price, used only when a precheck does not state the cost.</summary>
    public static decimal ListPrice(EventUnlockScope scope) => scope switch
    {
        EventUnlockScope.Visitors => Spending.PriceList.EventVisitors,
        EventUnlockScope.Full => Spending.PriceList.EventFull,
        _ => Spending.PriceList.EventBase,
    };

    public static string Describe(EventUnlockScope scope) => scope switch
    {
        EventUnlockScope.Visitors => "Unlock the event's visitor data",
        EventUnlockScope.Full => "Unlock full event access (base and visitors)",
        _ => "Unlock event access",
    };
}
