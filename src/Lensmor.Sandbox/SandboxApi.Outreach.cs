using System.Globalization;

namespace Lensmor.Sandbox;

internal sealed partial class SandboxApi
{
    // ------------------------------------------------------------------ outreach

    private static readonly string[] OutreachChannelEnum = { "email", "linkedin_message" };
    private static readonly string[] LinkedinMessageTypeEnum = { "inmail", "connection_note", "connected_message" };

    /// <summary>Charges 10 credits per linked person per call; the message is readable via personnel/outreach after TaskStepDelay.</summary>
    private SandboxResult GenerateOutreach(SandboxCall c)
    {
        var ids = c.BStringArray("personnel_ids", 1, 50, required: true)!;
        foreach (var id in ids) if (id.Length is 0 or > 20) throw SandboxCall.Invalid("personnel_ids items must be 1-20 characters.");
        var e = _world.Event(RequireEvent(c.BString("event_id", 1, 100, required: true)));
        var channels = c.BEnumArray("channels", 1, 2, OutreachChannelEnum, required: true)!;
        c.BEnumArray("linkedin_message_types", 0, 3, LinkedinMessageTypeEnum);
        var purpose = c.BString("outreach_purpose", 0, 2000);
        var valid = new List<int>();
        var rows = new List<(string Id, int? K)>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var k = SandboxWorld.TryPersonnelIndex(id);
            if (k != null && SandboxWorld.EventOfPerson(k.Value) != e.Index) k = null;
            rows.Add((id, k));
            if (k != null) valid.Add(k.Value);
        }
        if (valid.Count > 0)
        {
            var charges = valid.Select(k => ("generate_outreach", e.Id + ":" + SandboxWorld.PersonnelId(k), OutreachCredits)).ToList();
            if (!_ledger.TryCharge(charges, c.TraceId)) throw Insufficient(OutreachCredits * charges.Count, _ledger.TotalBalance);
        }
        var now = DateTimeOffset.UtcNow;
        var items = rows.Select(r =>
        {
            if (r.K == null) return (object)new { personnel_id = r.Id, success = false, taskId = (string?)null, error = (string?)"PERSONNEL_NOT_FOUND" };
            var taskId = "out_" + (++_miscCounter).ToString(CultureInfo.InvariantCulture);
            State(r.K.Value).Outreach = new OutreachState { EventId = e.Id, Channels = channels.Distinct().ToArray(), Purpose = purpose, CreatedAt = now, TaskId = taskId };
            return new { personnel_id = r.Id, success = true, taskId = (string?)taskId, error = (string?)null };
        }).ToArray();
        return SandboxResult.Ok(201, new { items, taskCenterId = (string?)("tc_" + (++_miscCounter).ToString(CultureInfo.InvariantCulture)) });
    }

    private SandboxResult OutreachDetail(SandboxCall c)
    {
        var k = RequirePerson(c);
        var eventId = c.QString("event_id", 1, 20, required: true)!;
        var e = RequireEvent(eventId, maxLength: 20);
        _world.Contacts.TryGetValue(k, out var st);
        var o = st?.Outreach;
        if (o == null || o.EventId != SandboxWorld.EventId(e))
        {
            return SandboxResult.Ok(200, new
            {
                found = false, channels = Array.Empty<string>(), messages = new { email = (string?)null, linkedin_message = (string?)null },
                reason = (string?)"No outreach message has been generated for this person and event.", sources = Array.Empty<object>(),
                outreach_purpose = (string?)null, tone = (string?)null, status = (string?)null, create_time = (long?)null, update_time = (long?)null,
            });
        }
        var created = o.CreatedAt.ToUnixTimeMilliseconds();
        if (DateTimeOffset.UtcNow - o.CreatedAt < _options.TaskStepDelay)
        {
            return SandboxResult.Ok(200, new
            {
                found = false, channels = o.Channels, messages = new { email = (string?)null, linkedin_message = (string?)null },
                reason = (string?)"Outreach generation is still in progress.", sources = Array.Empty<object>(),
                outreach_purpose = o.Purpose, tone = (string?)null, status = (string?)"processing", create_time = (long?)created, update_time = (long?)created,
            });
        }
        var p = _world.Person(k);
        var ev = _world.Event(e);
        var email = o.Channels.Contains("email") ? $"Subject: Meeting at {ev.Name}\n\nHi {p.FirstName},\n\nI noticed {p.CompanyName} is exhibiting at {ev.Name}. Could we meet at the show to talk about {o.Purpose ?? "a partnership"}?\n\nBest regards" : null;
        var li = o.Channels.Contains("linkedin_message") ? $"Hi {p.FirstName}, I see {p.CompanyName} will be at {ev.Name}. Would you be open to a quick chat there?" : null;
        return SandboxResult.Ok(200, new
        {
            found = true, channels = o.Channels,
            messages = new
            {
                email, linkedin_message = li,
                linkedin = new
                {
                    inmail = new { subject = $"{ev.Name}: quick chat?", body = li ?? "" },
                    connection_note = new { body = $"Hi {p.FirstName}, see you at {ev.Name}?" },
                    connected_message = new { body = li ?? "" },
                },
            },
            reason = (string?)null, sources = new object[] { new { type = "event", id = ev.Id, name = ev.Name } },
            outreach_purpose = o.Purpose, tone = (string?)"professional", status = (string?)"completed",
            create_time = (long?)created, update_time = (long?)(created + (long)_options.TaskStepDelay.TotalMilliseconds),
        });
    }
}
