using System.Globalization;

namespace Lensmor.Sandbox;

internal sealed partial class SandboxApi
{
    // ------------------------------------------------------------------ personnel

    private static readonly string[] PersonnelSourceTypeEnum = { "exhibitor", "social", "visitors" };

    private SandboxResult PersonnelList(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.QString("event_id", 1, 100, required: true)));
        var (page, pageSize) = c.QPaging(maxPageSize: 50, defaultPageSize: 50);
        var exhibitorId = c.QString("exhibitor_id", 0, 100);
        var department = c.QString("department", 0, 100);
        var level = c.QString("level", 0, 50);
        var search = c.QString("search_query", 0, 200);
        var sourceType = c.QEnum("sourceType", PersonnelSourceTypeEnum);

        int from = SandboxWorld.ExhibitorStart(e.Index) * SandboxWorld.PerExhibitor, to = SandboxWorld.ExhibitorEnd(e.Index) * SandboxWorld.PerExhibitor;
        if (!string.IsNullOrEmpty(exhibitorId))
        {
            var j = SandboxWorld.TryExhibitorIndex(exhibitorId);
            if (j == null || SandboxWorld.EventOfExhibitor(j.Value) != e.Index) { from = 0; to = 0; }
            else { from = j.Value * SandboxWorld.PerExhibitor; to = from + SandboxWorld.PerExhibitor; }
        }
        var filtered = !string.IsNullOrEmpty(department) || !string.IsNullOrEmpty(level) || !string.IsNullOrEmpty(search) || !string.IsNullOrEmpty(sourceType);
        var matches = new List<int>(to - from);
        for (var k = from; k < to; k++)
        {
            if (filtered)
            {
                var p = _world.Person(k);
                if (!string.IsNullOrEmpty(department) && !p.Department.Equals(department, StringComparison.OrdinalIgnoreCase)) continue;
                if (!string.IsNullOrEmpty(level) && !p.Level.Equals(level, StringComparison.OrdinalIgnoreCase)) continue;
                if (!string.IsNullOrEmpty(search) && !(Contains(p.FullName, search) || Contains(p.Title, search) || Contains(p.CompanyName, search))) continue;
                if (sourceType == "visitors" || (sourceType == "social" && !p.Social)) continue;
            }
            matches.Add(k);
        }
        var full = _world.UnlockedEvents.Contains(e.Index);
        return SandboxResult.Ok(200, PreviewPage(matches, page, pageSize, full, "unlock_event_personnel", k => ContactItem(k, true)));
    }

    private int RequirePerson(SandboxCall c)
    {
        var id = c.QString("personnel_id", 1, 20, required: true)!;
        return SandboxWorld.TryPersonnelIndex(id) ?? throw NotFound("personnel", id);
    }

    private SandboxResult PersonnelProfile(SandboxCall c) => SandboxResult.Ok(200, ContactItem(RequirePerson(c), false));

    private SandboxResult PersonnelEvents(SandboxCall c)
    {
        var k = RequirePerson(c);
        var (page, pageSize) = c.QPaging();
        return SandboxResult.Ok(200, Page(new[] { SandboxWorld.EventOfPerson(k) }, page, pageSize, i => EventItem(_world.Event(i))));
    }

    private SandboxResult PersonnelByLinkedin(SandboxCall c)
    {
        var url = c.QString("linkedin_url", 1, 500, required: true)!;
        var (page, pageSize) = c.QPaging();
        var k = SandboxWorld.PersonFromLinkedin(url) ?? throw NotFound("personnel", url);
        if (!string.Equals(_world.Person(k).LinkedinUrl, url.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            && !url.Contains("linkedin.com/in/", StringComparison.OrdinalIgnoreCase))
            throw NotFound("personnel", url);
        return SandboxResult.Ok(200, new
        {
            personnel = ContactItem(k, false),
            events = Page(new[] { SandboxWorld.EventOfPerson(k) }, page, pageSize, i => EventItem(_world.Event(i))),
        });
    }

    /// <summary>Charges 5 credits per linked person whose activity is not unlocked yet; people of other events fail per item.</summary>
    private SandboxResult UnlockLinkedinActivity(SandboxCall c)
    {
        var ids = c.BStringArray("personnel_ids", 1, 50, required: true)!;
        foreach (var id in ids) if (id.Length is 0 or > 20) throw SandboxCall.Invalid("personnel_ids items must be 1-20 characters.");
        var e = _world.Event(RequireEvent(c.BString("event_id", 1, 20, required: true), maxLength: 20));
        var items = new List<object>();
        var toCharge = new List<int>();
        var rows = new List<(string Id, int? K, string? Error, bool Already)>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var k = SandboxWorld.TryPersonnelIndex(id);
            if (k == null) { rows.Add((id, null, "PERSONNEL_NOT_FOUND", false)); continue; }
            if (SandboxWorld.EventOfPerson(k.Value) != e.Index) { rows.Add((id, null, "PERSONNEL_NOT_IN_EVENT", false)); continue; }
            var already = _world.Contacts.TryGetValue(k.Value, out var st) && st.LinkedinUnlockedAt != null;
            rows.Add((id, k, null, already));
            if (!already) toCharge.Add(k.Value);
        }
        if (toCharge.Count > 0)
        {
            var charges = toCharge.Select(k => ("unlock_linkedin_activity", e.Id + ":" + SandboxWorld.PersonnelId(k), LinkedinActivityCredits)).ToList();
            if (!_ledger.TryCharge(charges, c.TraceId)) throw Insufficient(LinkedinActivityCredits * charges.Count, _ledger.TotalBalance);
        }
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, k, error, already) in rows)
        {
            if (k == null) { items.Add(new { personnel_id = id, success = false, alreadyUnlocked = false, taskId = (string?)null, error }); continue; }
            if (already) { items.Add(new { personnel_id = id, success = true, alreadyUnlocked = true, taskId = (string?)null, error = (string?)null }); continue; }
            State(k.Value).LinkedinUnlockedAt = now;
            items.Add(new { personnel_id = id, success = true, alreadyUnlocked = false, taskId = (string?)("li_" + (++_miscCounter).ToString(CultureInfo.InvariantCulture)), error = (string?)null });
        }
        return SandboxResult.Ok(201, new { items });
    }
}
