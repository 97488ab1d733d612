namespace Lensmor;

/// <summary>What Request-LensmorOutreachMessage started for one person; read the text later with Get-LensmorOutreachMessage.</summary>
public sealed class OutreachRequestResult
{
    public string PersonnelId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;
    public bool Success { get; set; }
    public string? TaskId { get; set; }
    public string? Error { get; set; }

    /// <summary>The requested channels (email, linkedin_message) joined with "; ".</summary>
    public string Channels { get; set; } = string.Empty;
    public string? TaskCenterId { get; set; }

    public override string ToString() => $"Outreach {PersonnelId} (event {EventId}): {(Success ? "Started" : "Failed")}";
}
