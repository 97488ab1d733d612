using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Lensmor.Sandbox.Tests;

public sealed class CoreTests
{
    private const string Ces = "139001";

    [Fact]
    public async Task Missing_key_is_401_with_ApiError_and_request_id()
    {
        await using var h = await Harness.StartAsync();
        using var anon = new HttpClient { BaseAddress = h.Server.BaseUri };
        var r = await anon.GetAsync("external/credits/balance");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var body = await Harness.Json(r);
        Assert.Equal(401, body.GetProperty("code").GetInt32());
        Assert.Equal("INVALID_API_KEY", body.GetProperty("errorKey").GetString());
        var trace = body.GetProperty("traceId").GetString();
        Assert.StartsWith("sbx-", trace);
        Assert.Equal(trace, r.Headers.GetValues("X-Request-ID").Single());

        anon.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk_wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("external/credits/balance")).StatusCode);
        anon.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bEaReR", h.Server.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("external/credits/balance")).StatusCode);
        Assert.Equal(3, h.Server.Requests.Count("GET", "/external/credits/"));
        Assert.Null(h.Server.Requests.All[0].Authorization);
    }

    [Fact]
    public async Task Balance_has_every_0_24_3_field()
    {
        await using var h = await Harness.StartAsync(o => { o.SubscriptionBalance = 1000; o.AddonBalance = 200; o.GiftBalance = 50; });
        var r = await h.Client.GetAsync("external/credits/balance");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(r.Headers.Contains("X-RateLimit-Limit"));
        Assert.True(r.Headers.Contains("X-RateLimit-Remaining"));
        var reset = long.Parse(r.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.InRange(reset, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600);
        var b = await Harness.Json(r);
        Assert.Equal(1250, b.GetProperty("totalAmount").GetDecimal());
        Assert.Equal(1250, b.GetProperty("totalBalance").GetDecimal());
        Assert.Equal(1000, b.GetProperty("subscriptionAmount").GetDecimal());
        Assert.Equal(1000, b.GetProperty("subscriptionBalance").GetDecimal());
        Assert.Equal(200, b.GetProperty("addonAmount").GetDecimal());
        Assert.Equal(200, b.GetProperty("addonBalance").GetDecimal());
        Assert.Equal(JsonValueKind.Number, b.GetProperty("addonExpireAt").ValueKind);
        Assert.Equal(50, b.GetProperty("giftAmount").GetDecimal());
        Assert.Equal(50, b.GetProperty("giftBalance").GetDecimal());
        Assert.True(b.GetProperty("resetAt").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Event_unlock_twice_charges_once()
    {
        await using var h = await Harness.StartAsync();
        Assert.False(h.Server.World.IsEventUnlocked(Ces));
        var first = await h.Post($"external/events/{Ces}/unlock");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var a = await Harness.Json(first);
        Assert.False(a.GetProperty("alreadyUnlocked").GetBoolean());
        Assert.Equal(2000, a.GetProperty("creditsUsed").GetDecimal());
        Assert.Equal(28_050, a.GetProperty("balanceAfter").GetProperty("totalBalance").GetDecimal());
        Assert.Equal("CES 2027", a.GetProperty("event").GetProperty("name").GetString());

        var second = await Harness.Json(await h.Post($"external/events/{Ces}/unlock"));
        Assert.True(second.GetProperty("alreadyUnlocked").GetBoolean());
        Assert.Equal(0, second.GetProperty("creditsUsed").GetDecimal());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("balanceAfter").ValueKind);

        var charge = Assert.Single(h.Server.Ledger.Charges);
        Assert.Equal(("unlock_event", Ces, 2000m), (charge.Action, charge.Target, charge.Credits));
        Assert.Equal(28_050, h.Server.Ledger.TotalBalance);
        Assert.True(h.Server.World.IsEventUnlocked(Ces));
        Assert.Equal(2, h.Server.Requests.Paid.Count);
    }

    [Fact]
    public async Task Spending_order_is_subscription_addon_gift()
    {
        await using var h = await Harness.StartAsync(o => { o.SubscriptionBalance = 1500; o.AddonBalance = 400; o.GiftBalance = 300; });
        Assert.Equal(HttpStatusCode.Created, (await h.Post($"external/events/{Ces}/unlock")).StatusCode);
        Assert.Equal(0, h.Server.Ledger.SubscriptionBalance);
        Assert.Equal(0, h.Server.Ledger.AddonBalance);
        Assert.Equal(200, h.Server.Ledger.GiftBalance);
    }

    [Fact]
    public async Task Insufficient_credits_is_402_and_ledger_unchanged()
    {
        await using var h = await Harness.StartAsync(o => o.SubscriptionBalance = 1999);
        var r = await h.Post($"external/events/{Ces}/unlock");
        Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode);
        Assert.Equal("INSUFFICIENT_CREDITS", (await Harness.Json(r)).GetProperty("errorKey").GetString());
        Assert.Empty(h.Server.Ledger.Charges);
        Assert.Equal(1999, h.Server.Ledger.TotalBalance);
        Assert.False(h.Server.World.IsEventUnlocked(Ces));
    }

    [Fact]
    public async Task Visitor_unlock_needs_base_access_and_full_access_charges_missing_layers()
    {
        await using var h = await Harness.StartAsync();
        var conflict = await h.Post($"external/events/{Ces}/visitors/unlock");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("STATE_CONFLICT", (await Harness.Json(conflict)).GetProperty("errorKey").GetString());

        h.Server.World.MarkEventUnlocked(Ces);
        var full = await Harness.Json(await h.Post($"external/events/{Ces}/full-access/unlock"));
        Assert.Equal(3000, full.GetProperty("totalCreditsUsed").GetInt32());
        Assert.True(full.GetProperty("visitorUnlocked").GetBoolean());
        Assert.False(full.GetProperty("visitorSkipped").GetBoolean());
        Assert.Equal(27_050, full.GetProperty("balanceAfter").GetProperty("totalBalance").GetDecimal());

        var again = await Harness.Json(await h.Post($"external/events/{Ces}/visitors/unlock"));
        Assert.True(again.GetProperty("alreadyUnlocked").GetBoolean());
        Assert.Equal(0, again.GetProperty("creditsSpent").GetInt32());
        Assert.Single(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task Unknown_event_is_404_and_overlong_id_is_400()
    {
        await using var h = await Harness.StartAsync();
        var nf = await h.Post("external/events/999/unlock");
        Assert.Equal(HttpStatusCode.NotFound, nf.StatusCode);
        Assert.Equal("EVENT_NOT_FOUND", (await Harness.Json(nf)).GetProperty("errorKey").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("external/events/" + new string('1', 101))).StatusCode);
        Assert.Empty(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task Search_events_charges_only_for_a_non_empty_page()
    {
        await using var h = await Harness.StartAsync();
        var empty = await h.PostJson("external/exhibitors/search-events", new { company_name = "Zzqxv Nonexistent" });
        Assert.Equal(HttpStatusCode.Created, empty.StatusCode);
        var e = await Harness.Json(empty);
        Assert.Equal(0, e.GetProperty("total").GetInt32());
        Assert.Equal(0, e.GetProperty("totalPages").GetInt32());
        Assert.Empty(h.Server.Ledger.Charges);

        var hit = await Harness.Json(await h.PostJson("external/exhibitors/search-events", new { company_name = "acme" }));
        Assert.InRange(hit.GetProperty("total").GetInt32(), 5, 200);
        var first = hit.GetProperty("items")[0];
        Assert.Equal(first.GetProperty("id").GetString(), first.GetProperty("eventId").GetString());
        var matched = first.GetProperty("matchedExhibitors")[0];
        Assert.Contains("Acme", matched.GetProperty("companyName").GetString());
        var charge = Assert.Single(h.Server.Ledger.Charges);
        Assert.Equal(("search_exhibitor_events", "acme", 50m), (charge.Action, charge.Target, charge.Credits));

        var byName = await h.PostJson("external/exhibitors/search-by-company-name", new { company_name = "ACME", pageSize = 5 });
        Assert.Equal(HttpStatusCode.Created, byName.StatusCode);
        var bn = await Harness.Json(byName);
        Assert.Equal(5, bn.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, bn.GetProperty("items")[0].GetProperty("matched_event_ids").ValueKind);
        Assert.Equal(2, h.Server.Ledger.Charges.Count);

        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/exhibitors/search-events", new { company_name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/exhibitors/search-by-company-name", new { company_name = new string('a', 201) })).StatusCode);
        Assert.Equal(2, h.Server.Ledger.Charges.Count);
    }

    [Fact]
    public async Task Precheck_reports_costs_and_unsupported_actions_without_charging()
    {
        await using var h = await Harness.StartAsync();
        var unlock = await Harness.Json(await h.PostJson("external/actions/precheck", new { action_type = "unlock_event_contacts", @params = new { event_id = Ces } }));
        Assert.True(unlock.GetProperty("ok").GetBoolean());
        Assert.True(unlock.GetProperty("allowed").GetBoolean());
        Assert.True(unlock.GetProperty("should_charge").GetBoolean());
        Assert.Equal(2000, unlock.GetProperty("credits").GetInt32());
        Assert.Equal("ok", unlock.GetProperty("reason_code").GetString());

        // Outside the contract's action_type enum (wrong case included): 400, as a schema-validating API answers.
        foreach (var outside in new[] { "launch_rocket", "UnlockEventContacts" })
            Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/actions/precheck", new { action_type = outside, @params = new { } })).StatusCode);

        var ids = h.Server.World.PersonnelIdsOfEvent(Ces, 3);
        var emails = await Harness.Json(await h.PostJson("external/actions/precheck", new { action_type = "unlock_contact_emails", @params = new { event_id = Ces, personnel_ids = ids.Concat(ids) } }));
        Assert.Equal(45, emails.GetProperty("credits").GetInt32());
        var phones = await Harness.Json(await h.PostJson("external/actions/precheck", new { action_type = "unlock_contact_phones", @params = new { event_id = Ces, personnel_ids = ids } }));
        Assert.Equal(450, phones.GetProperty("credits").GetInt32());

        var notFound = await Harness.Json(await h.PostJson("external/actions/precheck", new { action_type = "unlock_event_contacts", @params = new { event_id = "42" } }));
        Assert.Equal("not_found", notFound.GetProperty("reason_code").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/actions/precheck", new { @params = new { } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.PostJson("external/actions/precheck", new { action_type = "others" })).StatusCode);
        Assert.Empty(h.Server.Ledger.Charges);
    }

    [Fact]
    public async Task Events_list_pages_and_filters()
    {
        await using var h = await Harness.StartAsync();
        var page = await Harness.Json(await h.Client.GetAsync("external/events/list?page=2&pageSize=100"));
        Assert.Equal(240, page.GetProperty("total").GetInt32());
        Assert.Equal(3, page.GetProperty("totalPages").GetInt32());
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        Assert.Equal(100, page.GetProperty("items").GetArrayLength());
        var ces = await Harness.Json(await h.Client.GetAsync("external/events/list?keyword=ces%202027"));
        Assert.Equal(Ces, ces.GetProperty("items")[0].GetProperty("eventId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("external/events/list?pageSize=101")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("external/events/list?page=0")).StatusCode);
        var none = await Harness.Json(await h.Client.GetAsync("external/events/list?event_type=nonsense"));
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after()
    {
        await using var h = await Harness.StartAsync(o => { o.RateLimitBurst = 2; o.RateLimitPerSecond = 1; });
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("external/credits/balance")).StatusCode);
        HttpResponseMessage r;
        var n = 0;
        do { r = await h.Client.GetAsync("external/credits/balance"); n++; }
        while (r.StatusCode == HttpStatusCode.OK && n < 6);
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
        Assert.False(r.Headers.Contains("X-RateLimit-Limit"));
        Assert.True(r.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
        Assert.Equal("RATE_LIMIT_EXCEEDED", (await Harness.Json(r)).GetProperty("errorKey").GetString());
    }

    [Fact]
    public async Task With_the_rate_limit_off_nothing_is_throttled_and_no_limit_is_announced()
    {
        await using var h = await Harness.StartAsync(o => { o.RateLimitBurst = 1; o.RateLimitPerSecond = 1; o.RateLimited = false; });
        for (var i = 0; i < 5; i++)
        {
            var r = await h.Client.GetAsync("external/credits/balance");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.False(r.Headers.Contains("X-RateLimit-Limit"));
            Assert.False(r.Headers.Contains("X-RateLimit-Remaining"));
        }
    }

    [Fact]
    public async Task Non_loopback_urls_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(new SandboxOptions { Urls = "http://0.0.0.0:0" }));
        await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(new SandboxOptions { Urls = "http://example.com:0" }));
    }

    [Fact]
    public async Task World_is_deterministic_and_lazy_per_seed()
    {
        await using var a = await Harness.StartAsync();
        await using var b = await Harness.StartAsync();
        var w = a.Server.World;
        Assert.Equal((240, 20_000, 100_000), (w.EventCount, w.ExhibitorCount, w.PersonnelCount));
        Assert.Equal("139001", w.EventIdAt(0));
        Assert.Equal("139240", w.EventIdAt(239));
        var ex = w.ExhibitorIdsOfEvent(Ces);
        Assert.InRange(ex.Count, 83, 84);
        Assert.Equal(w.CompanyNameOfExhibitor(ex[3]), b.Server.World.CompanyNameOfExhibitor(ex[3]));
        var people = Enumerable.Range(0, 2000).Select(w.PersonnelIdAt).ToList();
        var noEmail = people.Count(p => !w.HasEmail(p));
        var noPhone = people.Count(p => !w.HasPhone(p));
        Assert.InRange(noEmail, 200, 400);
        Assert.InRange(noPhone, 700, 900);
        Assert.All(people, p => Assert.InRange(p.Length, 1, 20));
    }

    [Fact]
    public async Task Control_surface_is_not_logged_and_sets_balance_and_faults()
    {
        await using var h = await Harness.StartAsync();
        using var raw = new HttpClient { BaseAddress = h.Server.BaseUri };
        var set = await raw.PostAsync("_sandbox/balance", new StringContent("{\"subscription\":500,\"gift\":25}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(525, h.Server.Ledger.TotalBalance);
        var fault = await raw.PostAsync("_sandbox/faults", new StringContent("{\"method\":\"GET\",\"pathPattern\":\"^/external/credits/balance$\",\"kind\":\"StatusBeforeExecute\",\"statusCode\":503}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
        Assert.Equal(1, h.Server.Faults.Pending);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await h.Client.GetAsync("external/credits/balance")).StatusCode);
        Assert.Equal(0, h.Server.Faults.Pending);
        var ledger = await Harness.Json(await raw.GetAsync("_sandbox/ledger"));
        Assert.Equal(525, ledger.GetProperty("totalBalance").GetDecimal());
        var requests = await Harness.Json(await raw.GetAsync("_sandbox/requests"));
        Assert.Equal(1, requests.GetArrayLength());
        Assert.Single(h.Server.Requests.All);
        Assert.Equal(503, h.Server.Requests.All[0].StatusCode);
    }
}

public sealed class ProgramTests
{
    [Theory]
    [InlineData("--urls", "http://0.0.0.0:5080")]
    [InlineData("--urls", "http://192.168.1.10:5080")]
    [InlineData("--bogus", "1")]
    [InlineData("--balance", "lots")]
    [InlineData("--rate-limit", "0")]
    [InlineData("--rate-burst", "-1")]
    public void Bad_command_lines_exit_with_code_2(string name, string value) =>
        Assert.Equal(2, Program.Main([name, value]));

    [Fact]
    public void The_rate_limit_and_burst_are_switches_and_so_is_turning_the_limit_off()
    {
        var limited = Program.ParseArguments(["--rate-limit", "50", "--rate-burst=75", "--latency-ms", "20"]);
        Assert.Equal((50, 75, true, 20), (limited.RateLimitPerSecond, limited.RateLimitBurst, limited.RateLimited, limited.LatencyMs));

        var unlimited = Program.ParseArguments(["--no-rate-limit"]);
        Assert.False(unlimited.RateLimited);

        var defaults = Program.ParseArguments([]);
        Assert.Equal((200, 400, true), (defaults.RateLimitPerSecond, defaults.RateLimitBurst, defaults.RateLimited));
    }
}
