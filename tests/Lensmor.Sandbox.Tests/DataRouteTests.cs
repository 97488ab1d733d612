using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Lensmor.Sandbox.Tests;

public sealed class DataRouteTests
{
    private const string Ces = "139001";

    [Fact]
    public async Task Personnel_page_size_51_is_400()
    {
        await using var h = await Harness.StartAsync();
        var r = await h.Client.GetAsync($"external/personnel/list?event_id={Ces}&pageSize=51");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("VALIDATION_FAILED", (await Harness.Json(r)).GetProperty("errorKey").GetString());
        var ok = await Harness.Json(await h.Client.GetAsync($"external/personnel/list?event_id={Ces}"));
        Assert.Equal(50, ok.GetProperty("pageSize").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("external/personnel/list")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("external/personnel/profile?personnel_id=" + new string('7', 21))).StatusCode);
    }

    [Fact]
    public async Task Locked_event_lists_are_previews_and_pages_past_the_window_are_empty()
    {
        await using var h = await Harness.StartAsync();
        var first = await Harness.Json(await h.Client.GetAsync($"external/exhibitors/list?event_id={Ces}&pageSize=20"));
        var s = first.GetProperty("semantics");
        Assert.Equal("preview", s.GetProperty("accessMode").GetString());
        Assert.Equal(50, s.GetProperty("previewLimit").GetInt32());
        Assert.Equal(50, first.GetProperty("total").GetInt32());
        Assert.Equal(3, s.GetProperty("pageState").GetProperty("maxAccessiblePage").GetInt32());
        Assert.Equal("unlock_event_exhibitors", s.GetProperty("unlock").GetProperty("actionType").GetString());
        Assert.Equal("preview_results_truncated", s.GetProperty("guidance").GetProperty("code").GetString());

        var past = await Harness.Json(await h.Client.GetAsync($"external/exhibitors/list?event_id={Ces}&pageSize=20&page=4"));
        Assert.Equal(0, past.GetProperty("items").GetArrayLength());
        Assert.Equal(0, past.GetProperty("total").GetInt32());
        Assert.Equal(0, past.GetProperty("totalPages").GetInt32());
        Assert.False(past.GetProperty("hasMore").GetBoolean());
        var ps = past.GetProperty("semantics");
        Assert.False(ps.GetProperty("pageState").GetProperty("accessible").GetBoolean());
        Assert.Equal(4, ps.GetProperty("pageState").GetProperty("requestedPage").GetInt32());
        var actual = h.Server.World.ExhibitorIdsOfEvent(Ces).Count;
        Assert.Equal(actual, ps.GetProperty("counts").GetProperty("actualTotal").GetInt32());
        Assert.Equal(actual - 50, ps.GetProperty("counts").GetProperty("remainingLockedCount").GetInt32());
        Assert.Equal("preview_page_inaccessible", ps.GetProperty("guidance").GetProperty("code").GetString());

        var people = await Harness.Json(await h.Client.GetAsync($"external/personnel/list?event_id={Ces}&page=2"));
        Assert.Equal(0, people.GetProperty("items").GetArrayLength());
        Assert.Equal("unlock_event_personnel", people.GetProperty("semantics").GetProperty("unlock").GetProperty("actionType").GetString());
        Assert.Equal(actual * 5, people.GetProperty("semantics").GetProperty("counts").GetProperty("actualTotal").GetInt32());

        h.Server.World.MarkEventUnlocked(Ces);
        var full = await Harness.Json(await h.Client.GetAsync($"external/personnel/list?event_id={Ces}&page=2"));
        Assert.Equal("full", full.GetProperty("semantics").GetProperty("accessMode").GetString());
        Assert.Equal(50, full.GetProperty("items").GetArrayLength());
        Assert.Equal(actual * 5, full.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Email_task_progresses_to_completed_with_mixed_outcomes()
    {
        // Steps of 500 ms leave a processing window that polls every 15 ms cannot miss, even when the
        // other test assemblies load the machine.
        await using var h = await Harness.StartAsync(o => o.TaskStepDelay = TimeSpan.FromMilliseconds(500));
        var w = h.Server.World;
        var all = w.PersonnelIdsOfEvent(Ces, 400);
        var withEmail = all.Where(w.HasEmail).Take(3).ToList();
        var without = all.Where(p => !w.HasEmail(p)).Take(2).ToList();
        var ids = withEmail.Concat(without).ToList();
        var before = h.Server.Ledger.TotalBalance;

        var submit = await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = ids.Append(ids[0]) });
        Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        var s = await Harness.Json(submit);
        Assert.Equal("accepted", s.GetProperty("status").GetString());
        var taskId = s.GetProperty("task_id").GetString()!;
        Assert.Equal(taskId, s.GetProperty("job_id").GetString());
        Assert.Equal(before - 75, h.Server.Ledger.TotalBalance);
        Assert.Equal(5, h.Server.Ledger.Charges.Count(c => c.Action == "unlock_contact_emails"));
        Assert.Contains(h.Server.Ledger.Charges, c => c.Target == $"{Ces}:{ids[0]}");

        // While in flight the same people are not charged again.
        var dup = await Harness.Json(await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = ids }));
        Assert.Equal("success", dup.GetProperty("status").GetString());
        Assert.Equal(5, dup.GetProperty("skipped_detail").GetProperty("unlocking_personnel_ids").GetArrayLength());

        var seen = new List<string>();
        JsonElement task = default;
        for (var i = 0; i < 100; i++)
        {
            var r = await h.Client.GetAsync($"external/contacts/unlock-tasks/{taskId}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            task = await Harness.Json(r);
            var status = task.GetProperty("taskStatus").GetString()!;
            if (seen.LastOrDefault() != status) seen.Add(status);
            if (status == "completed") { Assert.False(r.Headers.Contains("X-Sandbox-Poll-After-Ms")); break; }
            Assert.Equal("10", r.Headers.GetValues("X-Sandbox-Poll-After-Ms").Single());
            await Task.Delay(15);
        }
        Assert.Equal("completed", seen.Last());
        Assert.Contains("processing", seen);
        var items = task.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("personnelId").GetString()!);
        Assert.Equal(5, items.Count);
        foreach (var id in withEmail)
        {
            Assert.Equal("unlocked", items[id].GetProperty("status").GetString());
            Assert.Contains("@", items[id].GetProperty("email").GetString());
        }
        foreach (var id in without)
        {
            Assert.Equal("failed", items[id].GetProperty("status").GetString());
            Assert.Equal("NO_EMAIL_FOUND", items[id].GetProperty("errorCode").GetString());
        }

        var profile = await Harness.Json(await h.Client.GetAsync($"external/personnel/profile?personnel_id={withEmail[0]}"));
        Assert.Equal("unlocked", profile.GetProperty("contactUnlockStatus").GetString());
        Assert.Equal(items[withEmail[0]].GetProperty("email").GetString(), profile.GetProperty("email").GetString());

        var again = await Harness.Json(await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = withEmail }));
        Assert.Equal("success", again.GetProperty("status").GetString());
        Assert.Equal(3, again.GetProperty("skipped_detail").GetProperty("already_unlocked_personnel_ids").GetArrayLength());
        Assert.Equal(before - 75, h.Server.Ledger.TotalBalance);

        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.GetAsync("external/contacts/unlock-tasks/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.GetAsync($"external/contacts/unlock-phone-tasks/{taskId}")).StatusCode);
    }

    [Fact]
    public async Task Phone_unlock_uses_phone_task_ids_and_checks_balance_and_limits()
    {
        await using var h = await Harness.StartAsync(o => o.SubscriptionBalance = 400);
        var ids = h.Server.World.PersonnelIdsOfEvent(Ces, 3);
        var tooMuch = await h.PostJson("external/contacts/unlock-phone", new { event_id = Ces, personnel_ids = ids });
        Assert.Equal(HttpStatusCode.PaymentRequired, tooMuch.StatusCode);
        Assert.Empty(h.Server.Ledger.Charges);

        var ok = await Harness.Json(await h.PostJson("external/contacts/unlock-phone", new { event_id = Ces, personnel_ids = ids.Take(2) }));
        Assert.StartsWith("phone_", ok.GetProperty("task_id").GetString());
        Assert.Equal(100, h.Server.Ledger.TotalBalance);

        var other = h.Server.World.PersonnelIdsOfEvent("139002", 1);
        var unlinked = await Harness.Json(await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = other }));
        Assert.Equal("success", unlinked.GetProperty("status").GetString());
        Assert.Equal(other[0], unlinked.GetProperty("skipped_detail").GetProperty("unlinked_personnel_ids")[0].GetString());

        var many = Enumerable.Range(0, 101).Select(h.Server.World.PersonnelIdAt).ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = many })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h.PostJson("external/contacts/unlock", new { event_id = "1", personnel_ids = ids })).StatusCode);
        Assert.Equal(100, h.Server.Ledger.TotalBalance);
    }

    [Fact]
    public async Task Linkedin_activity_and_outreach_charge_per_person_and_become_readable()
    {
        await using var h = await Harness.StartAsync();
        h.Server.World.MarkEventUnlocked(Ces);
        var ids = h.Server.World.PersonnelIdsOfEvent(Ces, 2);
        var li = await Harness.Json(await h.PostJson("external/personnel/unlock-linkedin-activity", new { event_id = Ces, personnel_ids = ids }));
        Assert.All(li.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("success").GetBoolean()));
        var li2 = await Harness.Json(await h.PostJson("external/personnel/unlock-linkedin-activity", new { event_id = Ces, personnel_ids = ids }));
        Assert.All(li2.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("alreadyUnlocked").GetBoolean()));
        Assert.Equal(2, h.Server.Ledger.Charges.Count(c => c.Action == "unlock_linkedin_activity"));
        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/personnel/unlock-linkedin-activity", new { event_id = new string('1', 21), personnel_ids = ids })).StatusCode);

        var gen = await h.PostJson("external/personnel/generate-outreach-message", new { event_id = Ces, personnel_ids = ids.Take(1), channels = new[] { "email", "linkedin_message" }, outreach_purpose = "book a demo" });
        Assert.Equal(HttpStatusCode.Created, gen.StatusCode);
        Assert.Single(h.Server.Ledger.Charges, c => c.Action == "generate_outreach");
        await Task.Delay(60);
        var detail = await Harness.Json(await h.Client.GetAsync($"external/personnel/outreach?personnel_id={ids[0]}&event_id={Ces}"));
        Assert.True(detail.GetProperty("found").GetBoolean());
        Assert.Contains("book a demo", detail.GetProperty("messages").GetProperty("email").GetString());

        var list = await Harness.Json(await h.Client.GetAsync($"external/personnel/list?event_id={Ces}&pageSize=2"));
        var p0 = list.GetProperty("items")[0];
        Assert.Equal("ready", p0.GetProperty("linkedinActivityStatus").GetString());
        Assert.Equal(JsonValueKind.Object, p0.GetProperty("linkedinActivity").ValueKind);
        Assert.Equal("completed", p0.GetProperty("outreachMessageStatus").GetString());
    }

    [Fact]
    public async Task Other_free_routes_answer_their_documented_shapes()
    {
        await using var h = await Harness.StartAsync();
        var w = h.Server.World;
        var ex = w.ExhibitorIdsOfEvent(Ces)[0];
        var person = w.PersonnelIdsOfEvent(Ces, 1)[0];

        var profile = await Harness.Json(await h.Client.GetAsync($"external/exhibitors/profile?exhibitor_id={ex}"));
        Assert.Equal(Ces, profile.GetProperty("events")[0].GetProperty("eventId").GetString());
        Assert.Equal(1, (await Harness.Json(await h.Client.GetAsync($"external/exhibitors/events?exhibitor_id={ex}"))).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.GetAsync("external/exhibitors/profile?exhibitor_id=1")).StatusCode);
        Assert.Equal(1, (await Harness.Json(await h.Client.GetAsync($"external/personnel/events?personnel_id={person}"))).GetProperty("total").GetInt32());

        var linkedin = (await Harness.Json(await h.Client.GetAsync($"external/personnel/profile?personnel_id={person}"))).GetProperty("linkedinUrl").GetString()!;
        var byLi = await Harness.Json(await h.Client.GetAsync("external/personnel/events/by-linkedin?linkedin_url=" + Uri.EscapeDataString(linkedin)));
        Assert.Equal(person, byLi.GetProperty("personnel").GetProperty("id").GetString());
        Assert.Equal(1, byLi.GetProperty("events").GetProperty("total").GetInt32());

        var search = await h.PostJson("external/exhibitors/search", new { target_audience = "retail buyers", pageSize = 5 });
        Assert.Equal(HttpStatusCode.Created, search.StatusCode);
        Assert.Equal(5, (await Harness.Json(search)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/exhibitors/search", new { page = 1 })).StatusCode);

        var contacts = await Harness.Json(await h.Client.GetAsync("external/contacts/search?company_name=acme&pageSize=100"));
        Assert.True(contacts.GetProperty("total").GetInt32() > 50);
        Assert.All(contacts.GetProperty("items").EnumerateArray(), c => Assert.Contains("Acme", c.GetProperty("companyName").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("external/contacts/search")).StatusCode);

        var brief = await Harness.Json(await h.Client.GetAsync($"external/events/brief?event_id={Ces}"));
        Assert.Equal("CES 2027", brief.GetProperty("event").GetProperty("name").GetString());
        var fit = await h.PostJson("external/events/fit-score", new { event_id = Ces });
        Assert.Equal(HttpStatusCode.Created, fit.StatusCode);
        Assert.InRange((await Harness.Json(fit)).GetProperty("score").GetDouble(), 0, 10);
        var rank = await Harness.Json(await h.PostJson("external/events/rank", new { event_ids = new[] { Ces, "139002", "139003" } }));
        Assert.Equal(new[] { 1, 2, 3 }, rank.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("rank").GetInt32()));

        var rec = await h.PostJson("external/profile-matching/actions/apply-recommended-events/paged", new { company_url = "https://acme.example.com", pageSize = 3 });
        Assert.Equal(HttpStatusCode.Created, rec.StatusCode);
        var recBody = await Harness.Json(rec);
        Assert.Equal(3, recBody.GetProperty("items").GetArrayLength());
        Assert.False(recBody.GetProperty("is_stale").GetBoolean());
        var recEx = await h.Client.GetAsync("external/profile-matching/recommendations/exhibitors?event_id=1");
        Assert.Equal("EVENT_NOT_FOUND", (await Harness.Json(recEx)).GetProperty("errorKey").GetString());
        var recEx2 = await Harness.Json(await h.Client.GetAsync($"external/profile-matching/recommendations/exhibitors?event_id={Ces}"));
        Assert.False(recEx2.GetProperty("recommendationProcessing").GetBoolean());
        Assert.Empty(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task Paging_one_event_of_personnel_is_complete_without_repeats()
    {
        await using var h = await Harness.StartAsync();
        h.Server.World.MarkEventUnlocked("139100");
        var ids = new HashSet<string>();
        for (var page = 1; ; page++)
        {
            var body = await Harness.Json(await h.Client.GetAsync($"external/personnel/list?event_id=139100&pageSize=50&page={page}"));
            foreach (var i in body.GetProperty("items").EnumerateArray()) Assert.True(ids.Add(i.GetProperty("id").GetString()!));
            if (!body.GetProperty("hasMore").GetBoolean()) break;
        }
        Assert.Equal(h.Server.World.PersonnelIdsOfEvent("139100", 1000).Count, ids.Count);
    }
}
