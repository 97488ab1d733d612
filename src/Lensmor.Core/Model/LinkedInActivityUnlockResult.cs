namespace Lensmor;

/// <summary>What Unlock-LensmorLinkedInActivity did for one person.</summary>
public sealed class LinkedInActivityUnlockResult
{
    public string PersonnelId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;
    public bool Success { get; set; }
    public bool AlreadyUnlocked { get; set; }

    /// <summary>Null when the data already existed or the item failed.</summary>
    public string? TaskId { get; set; }
    public string? Error { get; set; }

    public override string ToString() => $"LinkedIn activity {PersonnelId}: {(!Success ? "Failed" : AlreadyUnlocked ? "AlreadyUnlocked" : "Started")}";
}
