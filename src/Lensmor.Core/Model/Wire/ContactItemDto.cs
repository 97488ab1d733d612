using Newtonsoft.Json;

namespace Lensmor.Core.Model.Wire;

/// <summary>ContactItem (0.24.3): personnel/list, personnel/profile, contacts/search and by-linkedin's personnel.</summary>
public sealed class ContactItemDto
{
    [JsonProperty("id")] public string? Id { get; set; }
    [JsonProperty("fullName")] public string? FullName { get; set; }
    [JsonProperty("title")] public string? Title { get; set; }
    [JsonProperty("department")] public string? Department { get; set; }
    [JsonProperty("seniorityLevel")] public string? SeniorityLevel { get; set; }
    [JsonProperty("linkedinUrl")] public string? LinkedinUrl { get; set; }
    [JsonProperty("companyName")] public string? CompanyName { get; set; }
    [JsonProperty("sourceType")] public List<string>? SourceType { get; set; }
    [JsonProperty("email")] public string? Email { get; set; }
    [JsonProperty("phone")] public string? Phone { get; set; }
    [JsonProperty("contactUnlockStatus")] public string? ContactUnlockStatus { get; set; }
    [JsonProperty("phoneUnlockStatus")] public string? PhoneUnlockStatus { get; set; }
    [JsonProperty("linkedinActivity")] public LinkedinActivityDto? LinkedinActivity { get; set; }
    [JsonProperty("linkedinActivityStatus")] public string? LinkedinActivityStatus { get; set; }
    [JsonProperty("eventCount")] public long? EventCount { get; set; }
    [JsonProperty("outreachMessageStatus")] public string? OutreachMessageStatus { get; set; }
    [JsonProperty("outreachMessageChannels")] public List<string>? OutreachMessageChannels { get; set; }
}

public sealed class LinkedinActivityDto
{
    [JsonProperty("activityLevel")] public string? ActivityLevel { get; set; }
    [JsonProperty("isActive")] public bool? IsActive { get; set; }

    /// <summary>Milliseconds, sent as a string.</summary>
    [JsonProperty("latestPostAt")] public string? LatestPostAt { get; set; }
}

/// <summary>GET personnel/events/by-linkedin: {personnel, events} with the event page nested.</summary>
public sealed class PersonnelByLinkedinDto
{
    [JsonProperty("personnel")] public ContactItemDto? Personnel { get; set; }
    [JsonProperty("events")] public PageDto<EventItemDto>? Events { get; set; }
}

/// <summary>ContactUnlockSubmission (0.24.3): accepted with a task, or success with nothing to enqueue.</summary>
public sealed class ContactUnlockSubmissionDto
{
    [JsonProperty("status")] public string? Status { get; set; }
    [JsonProperty("task_id")] public string? TaskId { get; set; }
    [JsonProperty("job_id")] public string? JobId { get; set; }
    [JsonProperty("skipped_personnel_ids")] public List<string>? SkippedPersonnelIds { get; set; }
    [JsonProperty("skipped_detail")] public SkippedDetailDto? SkippedDetail { get; set; }

    public string? AnyTaskId => string.IsNullOrEmpty(TaskId) ? JobId : TaskId;
}

public sealed class SkippedDetailDto
{
    [JsonProperty("invalid_personnel_ids")] public List<string>? InvalidPersonnelIds { get; set; }
    [JsonProperty("missing_personnel_ids")] public List<string>? MissingPersonnelIds { get; set; }
    [JsonProperty("unlinked_personnel_ids")] public List<string>? UnlinkedPersonnelIds { get; set; }
    [JsonProperty("already_unlocked_personnel_ids")] public List<string>? AlreadyUnlockedPersonnelIds { get; set; }
    [JsonProperty("unlocking_personnel_ids")] public List<string>? UnlockingPersonnelIds { get; set; }
}

/// <summary>ContactUnlockTask and PhoneUnlockTask (0.24.3) in one shape: items carry email or phone.</summary>
public sealed class ContactUnlockTaskDto
{
    [JsonProperty("taskId")] public string? TaskId { get; set; }
    [JsonProperty("taskStatus")] public string? TaskStatus { get; set; }
    [JsonProperty("items")] public List<ContactUnlockTaskItemDto>? Items { get; set; }
}

public sealed class ContactUnlockTaskItemDto
{
    [JsonProperty("personnelId")] public string? PersonnelId { get; set; }
    [JsonProperty("status")] public string? Status { get; set; }
    [JsonProperty("email")] public string? Email { get; set; }
    [JsonProperty("phone")] public string? Phone { get; set; }
    [JsonProperty("errorCode")] public string? ErrorCode { get; set; }
}

/// <summary>LinkedinActivityUnlockResponse (0.24.3).</summary>
public sealed class LinkedinActivityUnlockResponseDto
{
    [JsonProperty("items")] public List<LinkedinActivityUnlockItemDto>? Items { get; set; }
}

public sealed class LinkedinActivityUnlockItemDto
{
    [JsonProperty("personnel_id")] public string? PersonnelId { get; set; }
    [JsonProperty("success")] public bool? Success { get; set; }
    [JsonProperty("alreadyUnlocked")] public bool? AlreadyUnlocked { get; set; }
    [JsonProperty("taskId")] public string? TaskId { get; set; }
    [JsonProperty("error")] public string? Error { get; set; }
}

/// <summary>OutreachMessageResponse (0.24.3).</summary>
public sealed class OutreachMessageResponseDto
{
    [JsonProperty("items")] public List<OutreachMessageItemDto>? Items { get; set; }
    [JsonProperty("taskCenterId")] public string? TaskCenterId { get; set; }
}

public sealed class OutreachMessageItemDto
{
    [JsonProperty("personnel_id")] public string? PersonnelId { get; set; }
    [JsonProperty("success")] public bool? Success { get; set; }
    [JsonProperty("taskId")] public string? TaskId { get; set; }
    [JsonProperty("error")] public string? Error { get; set; }
}

/// <summary>OutreachDetail (0.24.3).</summary>
public sealed class OutreachDetailDto
{
    [JsonProperty("found")] public bool? Found { get; set; }
    [JsonProperty("channels")] public List<string>? Channels { get; set; }
    [JsonProperty("messages")] public OutreachMessagesDto? Messages { get; set; }
    [JsonProperty("reason")] public string? Reason { get; set; }
    [JsonProperty("outreach_purpose")] public string? OutreachPurpose { get; set; }
    [JsonProperty("tone")] public string? Tone { get; set; }
    [JsonProperty("status")] public string? Status { get; set; }
    [JsonProperty("create_time")] public decimal? CreateTime { get; set; }
    [JsonProperty("update_time")] public decimal? UpdateTime { get; set; }
}

public sealed class OutreachMessagesDto
{
    [JsonProperty("email")] public string? Email { get; set; }
    [JsonProperty("linkedin_message")] public string? LinkedinMessage { get; set; }
    [JsonProperty("linkedin")] public OutreachLinkedinDto? Linkedin { get; set; }
}

public sealed class OutreachLinkedinDto
{
    [JsonProperty("inmail")] public OutreachTextDto? Inmail { get; set; }
    [JsonProperty("connection_note")] public OutreachTextDto? ConnectionNote { get; set; }
    [JsonProperty("connected_message")] public OutreachTextDto? ConnectedMessage { get; set; }
}

public sealed class OutreachTextDto
{
    [JsonProperty("subject")] public string? Subject { get; set; }
    [JsonProperty("body")] public string? Body { get; set; }
}
