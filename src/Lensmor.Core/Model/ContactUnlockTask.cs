namespace Lensmor;

/// <summary>An email or phone unlock task that was created (Unlock-LensmorContact* -NoWait); pipe it to Wait-LensmorContactUnlockTask.</summary>
public sealed class ContactUnlockTask
{
    public string TaskId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;

    /// <summary>Email or Phone.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>accepted when created; pending, processing, completed or failed once polled.</summary>
    public string Status { get; set; } = string.Empty;
    public int PersonnelCount { get; set; }

    /// <summary>Personnel ids sent in the task, joined with "; ".</summary>
    public string PersonnelIds { get; set; } = string.Empty;
    public decimal? ExpectedCredits { get; set; }
    public string? TraceId { get; set; }
    public UtcTime CreatedAt { get; set; }

    public override string ToString() => $"{Channel} task {TaskId} (event {EventId}): {Status}";
}
