using Lensmor.Core.Model.Wire;

namespace Lensmor;

/// <summary>The latest generated outreach for one person and event (GET personnel/outreach), flat.</summary>
public sealed class OutreachMessage
{
    public string PersonnelId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;

    /// <summary>False while nothing was generated yet (or generation is still running: see Status and Reason).</summary>
    public bool Found { get; set; }

    /// <summary>processing, ready/completed, failed, or null when no record exists.</summary>
    public string? Status { get; set; }

    /// <summary>Channels joined with "; ".</summary>
    public string Channels { get; set; } = string.Empty;

    /// <summary>The email's subject, when the generated email starts with a "Subject:" line.</summary>
    public string? EmailSubject { get; set; }
    public string? EmailBody { get; set; }
    public string? LinkedInMessage { get; set; }
    public string? InMailSubject { get; set; }
    public string? InMailBody { get; set; }
    public string? ConnectionNote { get; set; }
    public string? ConnectedMessage { get; set; }
    public string? Purpose { get; set; }
    public string? Tone { get; set; }
    public string? Reason { get; set; }
    public UtcTime? CreatedAt { get; set; }
    public UtcTime? UpdatedAt { get; set; }

    public static OutreachMessage From(OutreachDetailDto dto, string personnelId, string eventId)
    {
        var (subject, body) = SplitSubject(dto.Messages?.Email);
        return new OutreachMessage
        {
            PersonnelId = personnelId,
            EventId = eventId,
            Found = dto.Found == true,
            Status = dto.Status,
            Channels = Join.Values(dto.Channels),
            EmailSubject = subject,
            EmailBody = body,
            LinkedInMessage = dto.Messages?.LinkedinMessage,
            InMailSubject = dto.Messages?.Linkedin?.Inmail?.Subject,
            InMailBody = dto.Messages?.Linkedin?.Inmail?.Body,
            ConnectionNote = dto.Messages?.Linkedin?.ConnectionNote?.Body,
            ConnectedMessage = dto.Messages?.Linkedin?.ConnectedMessage?.Body,
            Purpose = dto.OutreachPurpose,
            Tone = dto.Tone,
            Reason = dto.Reason,
            CreatedAt = Timestamps.FromMilliseconds(dto.CreateTime),
            UpdatedAt = Timestamps.FromMilliseconds(dto.UpdateTime),
        };
    }

    private static (string? Subject, string? Body) SplitSubject(string? email)
    {
        if (email == null || !email.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
        {
            return (null, email);
        }

        var end = email.IndexOf('\n');
        if (end < 0)
        {
            return (email.Substring(8).Trim(), string.Empty);
        }

        return (email.Substring(8, end - 8).Trim(), email.Substring(end + 1).TrimStart('\r', '\n'));
    }

    public override string ToString() => $"Outreach {PersonnelId} (event {EventId}): {(Found ? Status ?? "found" : "not found")}";
}
