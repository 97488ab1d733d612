namespace Lensmor;

/// <summary>What an email or phone unlock did for one contact: one flat row, ready for Export-Csv.</summary>
public sealed class ContactUnlockResult
{
    public string PersonnelId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;

    /// <summary>Who the contact is, as the run read them (a personnel list page or profile): an export needs no join.</summary>
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? CompanyName { get; set; }

    /// <summary>The unlock task that handled the contact; null when nothing was sent for it.</summary>
    public string? TaskId { get; set; }

    /// <summary>Email or Phone.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>
    /// Unlocked, Failed, Pending, Processing (the task is still running), AlreadyUnlocked (nothing charged),
    /// Unlocking (another task is already unlocking it), or Skipped (the API refused the id: see ErrorCode).
    /// </summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>The email, for email unlocks; null for phone unlocks and until unlocked.</summary>
    public string? Email { get; set; }

    /// <summary>The phone number, for phone unlocks; null for email unlocks and until unlocked.</summary>
    public string? Phone { get; set; }

    public string? ErrorCode { get; set; }

    /// <summary>True only when Status is Unlocked and the email (or phone) is present.</summary>
    public bool Delivered { get; set; }

    public override string ToString() => $"{Channel} {PersonnelId}: {Status}";
}
