using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>
/// One person (the API's ContactItem), flat. EventId is always the event the row was read for (or empty
/// when the route is not event-scoped), so rows bind by property name into the unlock cmdlets.
/// </summary>
public sealed class Personnel
{
    public string PersonnelId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;
    public string? ExhibitorId { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Department { get; set; }
    public string? Level { get; set; }
    public string? CompanyName { get; set; }

    /// <summary>Null until the contact's email is unlocked (null does not mean "no email").</summary>
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>locked, unlocking, unlocked or failed.</summary>
    public string? ContactUnlockStatus { get; set; }

    /// <summary>ready, processing, failed or null.</summary>
    public string? PhoneUnlockStatus { get; set; }
    public string? LinkedInUrl { get; set; }

    /// <summary>Source labels (exhibitor, social, visitors) joined with "; ".</summary>
    public string SourceType { get; set; } = string.Empty;

    /// <summary>ready, processing or null; filled by the event personnel list only.</summary>
    public string? LinkedInActivityStatus { get; set; }

    /// <summary>ACTIVE, WARM, DORMANT or empty.</summary>
    public string? ActivityLevel { get; set; }
    public bool? IsActive { get; set; }
    public UtcTime? LatestPostAt { get; set; }
    public long? EventCount { get; set; }
    public string? OutreachMessageStatus { get; set; }

    /// <summary>Outreach channels joined with "; ".</summary>
    public string OutreachMessageChannels { get; set; } = string.Empty;

    public static Personnel From(ContactItemDto dto, string? eventId, string? exhibitorId = null) => new()
    {
        PersonnelId = dto.Id ?? string.Empty,
        EventId = eventId ?? string.Empty,
        ExhibitorId = exhibitorId,
        Name = dto.FullName,
        Title = dto.Title,
        Department = dto.Department,
        Level = dto.SeniorityLevel,
        CompanyName = dto.CompanyName,
        Email = dto.Email,
        Phone = dto.Phone,
        ContactUnlockStatus = dto.ContactUnlockStatus,
        PhoneUnlockStatus = dto.PhoneUnlockStatus,
        LinkedInUrl = dto.LinkedinUrl,
        SourceType = Lensmor.Join.Values(dto.SourceType),
        LinkedInActivityStatus = dto.LinkedinActivityStatus,
        ActivityLevel = dto.LinkedinActivity?.ActivityLevel,
        IsActive = dto.LinkedinActivity?.IsActive,
        LatestPostAt = Timestamps.FromMilliseconds(dto.LinkedinActivity?.LatestPostAt),
        EventCount = dto.EventCount,
        OutreachMessageStatus = dto.OutreachMessageStatus,
        OutreachMessageChannels = Lensmor.Join.Values(dto.OutreachMessageChannels),
    };

    public override string ToString() => Display.Named(string.IsNullOrWhiteSpace(CompanyName) ? Name : $"{Name}, {CompanyName}", PersonnelId);
}
