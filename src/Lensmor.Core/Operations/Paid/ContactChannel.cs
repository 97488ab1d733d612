using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations.Paid;

/// <summary>What a contact unlock reveals: the email (15 credits per chargeable contact) or the phone (150).</summary>
public enum ContactChannel
{
    Email,
    Phone,
}

public static class ContactChannels
{
    public static decimal ListPrice(ContactChannel channel) => channel == ContactChannel.Phone ? Spending.PriceList.ContactPhone : Spending.PriceList.ContactEmail;

    public static string PrecheckAction(ContactChannel channel) =>
        channel == ContactChannel.Phone ? PrecheckActionTypes.UnlockContactPhones : PrecheckActionTypes.UnlockContactEmails;

    public static string UnlockRoute(ContactChannel channel) =>
        channel == ContactChannel.Phone ? "external/contacts/unlock-phone" : "external/contacts/unlock";

    public static string TaskRoute(ContactChannel channel, string taskId) =>
        (channel == ContactChannel.Phone ? "external/contacts/unlock-phone-tasks/" : "external/contacts/unlock-tasks/") + Uri.EscapeDataString(taskId);

    public static string Noun(ContactChannel channel, int count) =>
        channel == ContactChannel.Phone ? (count == 1 ? "phone number" : "phone numbers") : (count == 1 ? "email" : "emails");

    /// <summary>Phone task ids look like phone_321; everything else is taken for an email task.</summary>
    public static ContactChannel Infer(string taskId) =>
        taskId.StartsWith("phone_", StringComparison.OrdinalIgnoreCase) ? ContactChannel.Phone : ContactChannel.Email;
}
