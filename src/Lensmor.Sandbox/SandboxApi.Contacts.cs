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

    // ------------------------------------------------------------------ views

    internal Dictionary<string, object?> ExhibitorBase(int j)
    {
        var x = _world.Exhibitor(j);
        return new Dictionary<string, object?>
        {
            ["id"] = x.Id,
            ["companyName"] = x.CompanyName,
            ["domain"] = x.Domain,
            ["description"] = x.Description,
            ["website"] = x.Website,
            ["industry"] = x.Industry,
            ["employeeCount"] = x.EmployeeCount,
            ["country"] = x.Country,
            ["logo"] = x.Logo,
            ["dataSource"] = "Lensmor",
            ["linkedinUrl"] = x.LinkedinUrl,
            ["fundingRound"] = x.FundingRound,
            ["matched_event_ids"] = new[] { SandboxWorld.EventId(x.EventIndex) },
            ["isRecommended"] = false,
            ["recommendationRank"] = null,
            ["matchStatus"] = null,
            ["matchScore"] = null,
            ["matchTier"] = null,
            ["matchReason"] = null,
            ["categories"] = new[] { x.Category },
        };
    }

    internal Dictionary<string, object?> ExhibitorItem(int j)
    {
        var d = ExhibitorBase(j);
        d["techStacks"] = Array.Empty<string>();
        d["buyingSignalTags"] = Array.Empty<string>();
        d["buyingSignalStatus"] = null;
        d["buyingSignals"] = Array.Empty<object>();
        return d;
    }

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

    // ------------------------------------------------------------------ exhibitors

    private SandboxResult ExhibitorsList(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.QString("event_id", 1, 100, required: true)));
        var (page, pageSize) = c.QPaging();
        var keyword = c.QString("keyword", 0, 200);
        var country = c.QString("country", 0, 100);
        var categories = c.QArray("category");
        var industries = c.QArray("industry");
        var jobTitles = c.QArray("jobTitle");
        var levels = c.QArray("managementLevel");
        var departments = c.QArray("department");
        var personnelLimit = c.QInt("personnelLimit", 0, int.MaxValue) ?? 0;
        var personFilter = jobTitles.Count + levels.Count + departments.Count > 0;

        bool PersonMatches(SandboxWorld.PersonData p) =>
            (jobTitles.Count == 0 || jobTitles.Any(t => Contains(p.Title, t)))
            && (levels.Count == 0 || levels.Contains(p.Level, StringComparer.OrdinalIgnoreCase))
            && (departments.Count == 0 || departments.Contains(p.Department, StringComparer.OrdinalIgnoreCase));

        var matches = new List<int>();
        for (var j = SandboxWorld.ExhibitorStart(e.Index); j < SandboxWorld.ExhibitorEnd(e.Index); j++)
        {
            if (!string.IsNullOrEmpty(keyword) && !Contains(_world.CompanyName(j), keyword)) continue;
            if (!string.IsNullOrEmpty(country) || categories.Count > 0 || industries.Count > 0)
            {
                var x = _world.Exhibitor(j);
                if (!string.IsNullOrEmpty(country) && !x.Country.Equals(country, StringComparison.OrdinalIgnoreCase)) continue;
                if (categories.Count > 0 && !categories.Contains(x.Category, StringComparer.OrdinalIgnoreCase)) continue;
                if (industries.Count > 0 && !industries.Contains(x.Industry, StringComparer.OrdinalIgnoreCase)) continue;
            }
            if (personFilter && !Enumerable.Range(j * SandboxWorld.PerExhibitor, SandboxWorld.PerExhibitor).Any(k => PersonMatches(_world.Person(k)))) continue;
            matches.Add(j);
        }
        var full = _world.UnlockedEvents.Contains(e.Index);
        var body = PreviewPage(matches, page, pageSize, full, "unlock_event_exhibitors", j =>
        {
            var d = ExhibitorItem(j);
            if (personnelLimit > 0)
            {
                d["personnel"] = Enumerable.Range(j * SandboxWorld.PerExhibitor, SandboxWorld.PerExhibitor)
                    .Where(k => !personFilter || PersonMatches(_world.Person(k)))
                    .Take(personnelLimit).Select(k => (object)ContactItem(k, false)).ToArray();
            }
            return d;
        });
        var ordered = new Dictionary<string, object?>();
        foreach (var key in new[] { "items", "total", "page", "pageSize", "totalPages", "hasMore" }) ordered[key] = body[key];
        ordered["recommendationProcessing"] = false;
        ordered["semantics"] = body["semantics"];
        ordered["recommendationProcessingFeature"] = null;
        return SandboxResult.Ok(200, ordered);
    }

    private SandboxResult ExhibitorsSearch(SandboxCall c)
    {
        var url = c.BString("company_url", 0, 2048);
        var audience = c.BString("target_audience", 0, 5000);
        if (string.IsNullOrWhiteSpace(url) && string.IsNullOrWhiteSpace(audience))
            throw SandboxCall.Invalid("Provide company_url or target_audience (at least one).");
        if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out _) && !Uri.TryCreate("https://" + url, UriKind.Absolute, out _))
            throw SandboxCall.Invalid("company_url must be a URL.");
        var (page, pageSize) = c.BPaging();
        // Deterministic pseudo-relevance: a block of 200 exhibitors chosen from the query text.
        var h = SandboxWorld.HashText((url ?? "") + "|" + (audience ?? ""));
        var start = (int)(h % SandboxWorld.Exhibitors);
        var matches = Enumerable.Range(0, 200).Select(i => (start + i * 97) % SandboxWorld.Exhibitors).ToList();
        return SandboxResult.Ok(201, Page(matches, page, pageSize, j => ExhibitorItem(j)));
    }

    private int RequireExhibitor(SandboxCall c)
    {
        var id = c.QString("exhibitor_id", 1, 100, required: true)!;
        return SandboxWorld.TryExhibitorIndex(id) ?? throw NotFound("exhibitor", id);
    }

    private SandboxResult ExhibitorProfile(SandboxCall c)
    {
        var j = RequireExhibitor(c);
        var d = ExhibitorBase(j);
        d["events"] = new[] { EventIdentity(_world.Event(SandboxWorld.EventOfExhibitor(j))) };
        return SandboxResult.Ok(200, d);
    }

    private SandboxResult ExhibitorEvents(SandboxCall c)
    {
        var j = RequireExhibitor(c);
        var (page, pageSize) = c.QPaging();
        return SandboxResult.Ok(200, Page(new[] { SandboxWorld.EventOfExhibitor(j) }, page, pageSize, i => EventItem(_world.Event(i))));
    }

    // ------------------------------------------------------------------ personnel

    private SandboxResult PersonnelList(SandboxCall c)
    {
        var e = _world.Event(RequireEvent(c.QString("event_id", 1, 100, required: true)));
        var (page, pageSize) = c.QPaging(maxPageSize: 50, defaultPageSize: 50);
        var exhibitorId = c.QString("exhibitor_id", 0, 100);
        var department = c.QString("department", 0, 100);
        var level = c.QString("level", 0, 50);
        var search = c.QString("search_query", 0, 200);
        var sourceType = c.QString("sourceType", 0, 50);
        if (!string.IsNullOrEmpty(sourceType) && sourceType is not ("exhibitor" or "social" or "visitors"))
            throw SandboxCall.Invalid("sourceType must be one of exhibitor, social, visitors.");

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

    /// <summary>Charges 10 credits per linked person per call; the message is readable via personnel/outreach after TaskStepDelay.</summary>
    private SandboxResult GenerateOutreach(SandboxCall c)
    {
        var ids = c.BStringArray("personnel_ids", 1, 50, required: true)!;
        foreach (var id in ids) if (id.Length is 0 or > 20) throw SandboxCall.Invalid("personnel_ids items must be 1-20 characters.");
        var e = _world.Event(RequireEvent(c.BString("event_id", 1, 100, required: true)));
        var channels = c.BStringArray("channels", 1, 2, required: true)!;
        foreach (var ch in channels) if (ch is not ("email" or "linkedin_message")) throw SandboxCall.Invalid("channels items must be email or linkedin_message.");
        c.BStringArray("linkedin_message_types", 0, 3);
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

    // ------------------------------------------------------------------ profile matching

    private SandboxResult ApplyRecommendedEvents(SandboxCall c)
    {
        var url = c.BString("company_url", 0, 2048);
        var audience = c.BString("target_audience", 0, 5000);
        if (string.IsNullOrWhiteSpace(url) && string.IsNullOrWhiteSpace(audience))
            throw SandboxCall.Invalid("Provide company_url or target_audience (at least one).");
        var (page, pageSize) = c.BPaging();
        var city = c.BString("city", 0, 100);
        var region = c.BString("region", 0, 100);
        var country = c.BString("country", 0, 100);
        var categories = c.BStringArray("category", 0, 100) ?? new List<string>();
        var typeIds = c.BStringArray("eventTypeIds", 0, 20) ?? new List<string>();
        var from = BDate(c, "dateStartFrom");
        var to = BDate(c, "dateStartTo");
        var future = c.BInt("future", 0, 1);
        var attMin = c.BInt("attendeeCountMin", 0, int.MaxValue);
        var attMax = c.BInt("attendeeCountMax", 0, int.MaxValue);
        c.B("autoRecommendTop3EventsEnabled");
        var salt = SandboxWorld.HashText((url ?? "") + "|" + (audience ?? ""));
        var matches = _world.AllEvents.Where(e =>
                (string.IsNullOrEmpty(city) || e.City.Equals(city, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(region) || e.Region.Equals(region, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(country) || e.Country.Equals(country, StringComparison.OrdinalIgnoreCase))
                && (categories.Count == 0 || categories.Contains(e.Category, StringComparer.OrdinalIgnoreCase))
                && (typeIds.Count == 0 || typeIds.Contains((Array.IndexOf(SandboxWorld.EventTypes, e.EventType) + 1).ToString(CultureInfo.InvariantCulture)))
                && (from == null || string.CompareOrdinal(e.DateStart, from) >= 0)
                && (to == null || string.CompareOrdinal(e.DateStart, to) <= 0)
                && (future != 0 || true)
                && (attMin == null || e.AttendeeCount >= attMin) && (attMax == null || e.AttendeeCount <= attMax))
            .Select(e => (e.Index, Score: MatchScore(e.Index, salt)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Index).ToList();
        var scores = matches.ToDictionary(x => x.Index, x => x.Score);
        var body = Page(matches.Select(x => x.Index).ToList(), page, pageSize, i =>
        {
            var d = EventItem(_world.Event(i));
            d["match_score"] = scores[i];
            return d;
        });
        body["status"] = "completed";
        body["condition_tags"] = new { company_url = url, target_audience = audience, city, region, country, category = categories };
        body["profile_version"] = 1;
        body["active_result_version"] = 1;
        body["is_stale"] = false;
        return SandboxResult.Ok(201, body);
    }

    private static string? BDate(SandboxCall c, string name)
    {
        var v = c.BString(name, 0, 10);
        if (string.IsNullOrEmpty(v)) return null;
        if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) throw SandboxCall.Invalid($"{name} must be a date (YYYY-MM-DD).");
        return v;
    }

    private SandboxResult RecommendedExhibitors(SandboxCall c)
    {
        var eventId = c.QString("event_id", 1, 100, required: true)!;
        var e = SandboxWorld.TryEventIndex(eventId) ?? throw new ApiException(404, "EVENT_NOT_FOUND", $"Event '{eventId}' was not found.");
        var (page, pageSize) = c.QPaging();
        var locations = c.QArray("location");
        var search = c.QString("searchQuery", 0, 200);
        var names = c.QArray("exhibitorName");
        var categories = c.QArray("category");
        var industries = c.QArray("industry");
        var empMin = c.QInt("employeesMin", 0, int.MaxValue);
        var empMax = c.QInt("employeesMax", 0, int.MaxValue);
        var rows = new List<(int J, double Score)>();
        for (var j = SandboxWorld.ExhibitorStart(e); j < SandboxWorld.ExhibitorEnd(e); j++)
        {
            var x = _world.Exhibitor(j);
            if (locations.Count > 0 && !locations.Contains(x.Country, StringComparer.OrdinalIgnoreCase)) continue;
            if (!string.IsNullOrEmpty(search) && !(Contains(x.CompanyName, search) || Contains(x.Description, search) || Contains(x.Industry, search))) continue;
            if (names.Count > 0 && !names.Any(n => Contains(x.CompanyName, n))) continue;
            if (categories.Count > 0 && !categories.Contains(x.Category, StringComparer.OrdinalIgnoreCase)) continue;
            if (industries.Count > 0 && !industries.Contains(x.Industry, StringComparer.OrdinalIgnoreCase)) continue;
            if (empMin != null && x.EmployeeCount < empMin) continue;
            if (empMax != null && x.EmployeeCount > empMax) continue;
            rows.Add((j, (_world.Hash(9, j) % 1001) / 1000.0));
        }
        rows = rows.OrderByDescending(r => r.Score).ThenBy(r => r.J).ToList();
        var rank = rows.Select((r, i) => (r.J, i + 1)).ToDictionary(x => x.J, x => x.Item2);
        var scoreOf = rows.ToDictionary(r => r.J, r => r.Score);
        var body = Page(rows.Select(r => r.J).ToList(), page, pageSize, j =>
        {
            var x = _world.Exhibitor(j);
            var s = scoreOf[j];
            var recommended = s >= 0.5;
            return new
            {
                id = x.Id, companyName = x.CompanyName, description = (string?)x.Description, logo = (string?)x.Logo, website = (string?)x.Website,
                country = (string?)x.Country, industry = (string?)x.Industry, categories = new[] { x.Category }, employeeCount = (int?)x.EmployeeCount,
                companySize = (string?)(x.EmployeeCount < 50 ? "1-50" : x.EmployeeCount < 500 ? "51-500" : "501+"), fundingRound = (string?)x.FundingRound,
                techStacks = Array.Empty<string>(), isRecommended = recommended, recommendationRank = recommended ? (int?)rank[j] : null,
                matchStatus = (string?)"ready", matchScore = (double?)s,
                matchTier = (string?)(s >= 0.85 ? "top_match" : s >= 0.65 ? "strong_match" : "qualifying_match"),
                reason = (string?)$"{x.CompanyName} works in {x.Industry.ToLowerInvariant()}, matching the profile.",
            };
        });
        body["recommendationProcessing"] = false;
        body["code"] = null;
        body["show_refresh_hint"] = false;
        return SandboxResult.Ok(200, body);
    }
}
