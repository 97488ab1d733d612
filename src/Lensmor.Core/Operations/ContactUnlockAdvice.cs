using Lensmor.Core.Errors;

namespace Lensmor.Core.Operations;

/// <summary>
/// What to do when a contact to unlock comes without an event (issue 16.3): every email or phone unlock is scoped
/// to one event, and people found by Find-LensmorContact (or read by id) carry none. The error names the way: list
/// the person's events, choose one, and pass it with -EventId, which beats the empty EventId of piped rows.
/// </summary>
public static class ContactUnlockAdvice
{
    /// <summary>The event for a contact, or the error that says how to choose one. Checks the personnel id first.</summary>
    public static string RequireEventId(string? rawPersonnelId, string? eventId, string cmdletName)
    {
        var personnelId = InputValidation.PersonnelId(rawPersonnelId);
        if (!string.IsNullOrWhiteSpace(eventId))
        {
            return eventId!;
        }

        var error = LensmorException.InvalidArgument(
            $"Contact {personnelId} has no EventId: every unlock is scoped to one event, and people from Find-LensmorContact " +
            "(or read by id) carry none. Nothing was sent.", personnelId,
            $"Choose one of the person's events: Get-LensmorPersonnelEvent -PersonnelId {personnelId} lists them (or pipe the contacts to it). " +
            $"Then pass it: Find-LensmorContact ... | {cmdletName} -EventId <id> (-WhatIf first shows the price). People read with " +
            "Get-LensmorPersonnel -EventId <id> carry their event already.");
        error.Cause = "A contact without an EventId";
        throw error;
    }
}
