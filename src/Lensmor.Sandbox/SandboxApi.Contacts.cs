using System.Globalization;

namespace Lensmor.Sandbox;

internal sealed partial class SandboxApi
{
    private sealed class ContactTask
    {
        public required string Id;
        public required bool Phone;
        public required int EventIndex;
        public required int[] People;
        public required DateTimeOffset CreatedAt;
        public bool Settled;

        /// <summary>The step the last poll showed; -1 before the first poll.</summary>
        public int LastPolledStep = -1;
    }

    private readonly Dictionary<string, ContactTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<ContactTask> _active = new();
    private int _taskCounter;
    private int _miscCounter;

    internal sealed class UnlockPlan
    {
        public List<string> Distinct = new();
        public List<int> Chargeable = new();
        public List<string> Invalid = new();
        public List<string> Missing = new();
        public List<string> Unlinked = new();
        public List<string> AlreadyUnlocked = new();
        public List<string> Unlocking = new();

        public object SkippedDetail() => new
        {
            invalid_personnel_ids = Invalid,
            missing_personnel_ids = Missing,
            unlinked_personnel_ids = Unlinked,
            already_unlocked_personnel_ids = AlreadyUnlocked,
            unlocking_personnel_ids = Unlocking,
        };

        public List<string> Skipped() => Invalid.Concat(Missing).Concat(Unlinked).Concat(AlreadyUnlocked).Concat(Unlocking).ToList();
    }

    /// <summary>
    /// Sorts requested ids (duplicates counted once). Design choice, following the 0.24 skipped_detail contract:
    /// ids that are not 1-20 digit strings are "invalid", numeric ids this world does not know are "missing",
    /// people of another event are "unlinked"; all of these are skipped (not charged) rather than failing the request with 400.
    /// </summary>
    internal UnlockPlan PlanContactUnlock(int eventIndex, IEnumerable<string> ids, bool phone)
    {
        var plan = new UnlockPlan();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            plan.Distinct.Add(id);
            if (id.Length is 0 or > 20 || !id.All(char.IsAsciiDigit)) { plan.Invalid.Add(id); continue; }
            var k = SandboxWorld.TryPersonnelIndex(id);
            if (k == null) { plan.Missing.Add(id); continue; }
            if (SandboxWorld.EventOfPerson(k.Value) != eventIndex) { plan.Unlinked.Add(id); continue; }
            _world.Contacts.TryGetValue(k.Value, out var st);
            var status = phone ? st?.PhoneStatus : st?.EmailStatus;
            if (status is "unlocked" or "ready") { plan.AlreadyUnlocked.Add(id); continue; }
            if (status is "unlocking" or "processing") { plan.Unlocking.Add(id); continue; }
            plan.Chargeable.Add(k.Value);
        }
        return plan;
    }

    private ContactState State(int k)
    {
        if (!_world.Contacts.TryGetValue(k, out var st)) _world.Contacts[k] = st = new ContactState();
        return st;
    }

    private SandboxResult UnlockContacts(SandboxCall c, bool phone)
    {
        var ids = c.BStringArray("personnel_ids", 1, 100, required: true)!;
        var e = _world.Event(RequireEvent(c.BString("event_id", 1, 100, required: true)));
        var plan = PlanContactUnlock(e.Index, ids, phone);
        if (plan.Chargeable.Count == 0)
            return SandboxResult.Ok(201, new { status = "success", skipped_personnel_ids = plan.Skipped(), skipped_detail = plan.SkippedDetail() });

        var unit = phone ? PhoneCredits : EmailCredits;
        var action = phone ? "unlock_contact_phones" : "unlock_contact_emails";
        var charges = plan.Chargeable.Select(k => (action, e.Id + ":" + SandboxWorld.PersonnelId(k), unit)).ToList();
        if (!_ledger.TryCharge(charges, c.TraceId)) throw Insufficient(unit * charges.Count, _ledger.TotalBalance);

        var n = ++_taskCounter;
        var task = new ContactTask
        {
            Id = phone ? "phone_" + (300 + n).ToString(CultureInfo.InvariantCulture) : (880_000 + n).ToString(CultureInfo.InvariantCulture),
            Phone = phone,
            EventIndex = e.Index,
            People = plan.Chargeable.ToArray(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        foreach (var k in task.People)
        {
            var st = State(k);
            if (phone) st.PhoneStatus = "processing"; else st.EmailStatus = "unlocking";
        }
        _tasks[task.Id] = task;
        _active.Add(task);
        var skipped = plan.Skipped();
        if (skipped.Count == 0) return SandboxResult.Ok(201, new { status = "accepted", task_id = task.Id, job_id = task.Id });
        return SandboxResult.Ok(201, new { status = "accepted", task_id = task.Id, job_id = task.Id, skipped_personnel_ids = skipped, skipped_detail = plan.SkippedDetail() });
    }

    /// <summary>0 = pending, 1 = processing, 2 = completed.</summary>
    private int TaskStep(ContactTask t, DateTimeOffset now)
    {
        var step = _options.TaskStepDelay;
        if (step <= TimeSpan.Zero) return 2;
        return (int)Math.Min(2, (now - t.CreatedAt).Ticks / step.Ticks);
    }

    /// <summary>Applies the outcome of tasks that reached completion (called before every handler).</summary>
    private void SettleTasks(DateTimeOffset now)
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var t = _active[i];
            if (TaskStep(t, now) < 2) continue;
            foreach (var k in t.People)
            {
                var st = State(k);
                if (t.Phone) st.PhoneStatus = _world.HasPhone(k) ? "ready" : "failed";
                else st.EmailStatus = _world.HasEmail(k) ? "unlocked" : "failed";
            }
            t.Settled = true;
            _active.RemoveAt(i);
        }
    }

    private SandboxResult PollTask(SandboxCall c, bool phone)
    {
        var id = c.Groups[0];
        if (!_tasks.TryGetValue(id, out var t) || t.Phone != phone) throw new ApiException(404, "TASK_NOT_FOUND", $"Task '{id}' was not found.");
        var step = t.Settled ? 2 : TaskStep(t, DateTimeOffset.UtcNow);

        // A poller never sees a task jump from pending straight to completed, however late its poll comes:
        // the step in between is shown once. (A first poll shows the state as it is.)
        if (t.LastPolledStep == 0 && step == 2)
        {
            step = 1;
        }

        t.LastPolledStep = step;
        var taskStatus = step switch { 0 => "pending", 1 => "processing", _ => "completed" };
        var items = t.People.Select(k =>
        {
            var d = new Dictionary<string, object?> { ["personnelId"] = SandboxWorld.PersonnelId(k) };
            if (step < 2)
            {
                d["status"] = taskStatus;
                d[phone ? "phone" : "email"] = null;
            }
            else
            {
                var ok = phone ? _world.HasPhone(k) : _world.HasEmail(k);
                d["status"] = ok ? "unlocked" : "failed";
                var p = _world.Person(k);
                d[phone ? "phone" : "email"] = ok ? (phone ? p.Phone : p.Email) : null;
                if (!ok) d["errorCode"] = phone ? "NO_PHONE_FOUND" : "NO_EMAIL_FOUND";
            }
            return (object)d;
        }).ToArray();
        var result = SandboxResult.Ok(200, new { taskId = t.Id, taskStatus, items });
        if (step < 2) result.Headers["X-Sandbox-Poll-After-Ms"] = _options.TaskPollHintMs.ToString(CultureInfo.InvariantCulture);
        return result;
    }

    // ------------------------------------------------------------------ views shared by every person list

    /// <summary>ContactItem. linkedinActivity* fields are filled only by personnel/list (null elsewhere).</summary>
    internal Dictionary<string, object?> ContactItem(int k, bool withLinkedinActivity)
    {
        var p = _world.Person(k);
        _world.Contacts.TryGetValue(k, out var st);
        var now = DateTimeOffset.UtcNow;
        var emailStatus = st?.EmailStatus ?? "locked";
        var d = new Dictionary<string, object?>
        {
            ["id"] = p.Id,
            ["fullName"] = p.FullName,
            ["title"] = p.Title,
            ["department"] = p.Department,
            ["seniorityLevel"] = p.Level,
            ["linkedinUrl"] = p.LinkedinUrl,
            ["companyName"] = p.CompanyName,
            ["sourceType"] = p.Social ? new[] { "exhibitor", "social" } : new[] { "exhibitor" },
            ["email"] = emailStatus == "unlocked" ? p.Email : null,
            ["phone"] = st?.PhoneStatus == "ready" ? p.Phone : null,
            ["contactUnlockStatus"] = emailStatus,
            ["phoneUnlockStatus"] = st?.PhoneStatus,
            ["linkedinActivity"] = null,
            ["linkedinActivityStatus"] = null,
            ["eventCount"] = 1,
            ["outreachMessageStatus"] = null,
            ["outreachMessageChannels"] = Array.Empty<string>(),
        };
        if (withLinkedinActivity && st?.LinkedinUnlockedAt is { } at)
        {
            var ready = now - at >= _options.TaskStepDelay;
            d["linkedinActivityStatus"] = ready ? "ready" : "processing";
            if (ready)
            {
                var h = _world.Hash(8, k);
                var level = (h % 4) switch { 0 => "ACTIVE", 1 => "WARM", 2 => "DORMANT", _ => "" };
                d["linkedinActivity"] = new
                {
                    activityLevel = level,
                    isActive = level == "ACTIVE",
                    latestPostAt = level == "" ? null : _startedAt.AddDays(-(int)(h >> 8 & 0xFF)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                };
            }
        }
        if (st?.Outreach is { } o)
        {
            d["outreachMessageStatus"] = now - o.CreatedAt >= _options.TaskStepDelay ? "completed" : "processing";
            d["outreachMessageChannels"] = o.Channels;
        }
        return d;
    }

    /// <summary>Applies preview limits and paging; returns the page envelope plus `semantics`.</summary>
    private Dictionary<string, object?> PreviewPage(List<int> matches, int page, int pageSize, bool full, string unlockActionType, Func<int, object> project)
    {
        var actual = matches.Count;
        Dictionary<string, object?> body;
        object semantics;
        if (full)
        {
            body = Page(matches, page, pageSize, project);
            var totalPages = (int)body["totalPages"]!;
            semantics = new
            {
                accessMode = "full",
                previewLimit = (int?)null,
                counts = new { actualTotal = actual, visibleTotal = actual, remainingLockedCount = 0 },
                pageState = new { requestedPage = page, accessible = true, maxAccessiblePage = Math.Max(1, totalPages) },
                unlock = new { requiredForMoreResults = false, actionType = (string?)null, credits = (int?)null },
                guidance = new { code = "full_access", message = "Full access: all matching results are available." },
            };
        }
        else
        {
            var visible = Math.Min(actual, SandboxWorld.PreviewLimit);
            var remaining = actual - visible;
            var maxPage = Math.Max(1, (visible + pageSize - 1) / pageSize);
            var accessible = page <= maxPage;
            body = accessible
                ? Page(matches.Take(visible).ToList(), page, pageSize, project)
                : Page(Array.Empty<object>(), 0, page, pageSize);
            var (code, message) = !accessible
                ? ("preview_page_inaccessible", "This page is beyond the preview window. Unlock the event to see more results.")
                : remaining > 0
                    ? ("preview_results_truncated", $"Showing the first {visible} of {actual} results. Unlock the event to see all of them.")
                    : ("preview_complete_for_query", "All results for this query are visible in preview.");
            semantics = new
            {
                accessMode = "preview",
                previewLimit = (int?)SandboxWorld.PreviewLimit,
                counts = new { actualTotal = actual, visibleTotal = visible, remainingLockedCount = remaining },
                pageState = new { requestedPage = page, accessible, maxAccessiblePage = maxPage },
                unlock = new { requiredForMoreResults = remaining > 0 || !accessible, actionType = (string?)unlockActionType, credits = (int?)(int)EventUnlockCredits },
                guidance = new { code, message },
            };
        }
        body["semantics"] = semantics;
        return body;
    }

    // ------------------------------------------------------------------ contacts search

    private SandboxResult ContactsSearch(SandboxCall c)
    {
        var company = c.QString("company_name", 1, 200, required: true)!;
        var role = c.QString("role", 0, 200);
        var personName = c.QString("person_name", 0, 200);
        var (page, pageSize) = c.QPaging();
        var matches = new List<int>();
        foreach (var j in MatchCompanies(company))
        {
            for (var k = j * SandboxWorld.PerExhibitor; k < (j + 1) * SandboxWorld.PerExhibitor; k++)
            {
                if (!string.IsNullOrEmpty(role) || !string.IsNullOrEmpty(personName))
                {
                    var p = _world.Person(k);
                    if (!string.IsNullOrEmpty(role) && !Contains(p.Title, role) && !Contains(p.Department, role)) continue;
                    if (!string.IsNullOrEmpty(personName) && !Contains(p.FullName, personName)) continue;
                }
                matches.Add(k);
            }
        }
        return SandboxResult.Ok(200, Page(matches, page, pageSize, k => ContactItem(k, false)));
    }
}
