using System.Net;

namespace Lensmor.Sandbox.Tests;

/// <summary>--profile real (issue 13.1): the real service's conditions, selectable on the command line and in-process.</summary>
public sealed class ProfileTests
{
    private const string Ces = "139001";

    private static (int, int, int, int, bool, TimeSpan, int, double) Conditions(SandboxOptions o) =>
        (o.LatencyMs, o.LatencyJitterMs, o.RateLimitPerSecond, o.RateLimitBurst, o.RateLimited, o.TaskStepDelay, o.TaskPollHintMs, o.ReadFaultPercent);

    [Fact]
    public void The_real_profile_sets_latency_with_jitter_2_per_second_a_burst_of_120_slow_tasks_and_read_faults()
    {
        var real = (150, 50, 2, 120, true, TimeSpan.FromSeconds(10), 5000, 1.0);

        Assert.Equal(real, Conditions(new SandboxOptions().UseProfile("real")));
        Assert.Equal(real, Conditions(Program.ParseArguments(["--profile", "real"])));
        Assert.Equal(real, Conditions(Program.ParseArguments(["--profile=REAL"])));
        Assert.Equal("real", Program.ParseArguments(["--profile", "real"]).Profile);
    }

    [Fact]
    public void The_defaults_stay_as_the_tests_need_them_with_or_without_naming_the_default_profile()
    {
        var defaults = (0, 0, 200, 400, true, TimeSpan.FromMilliseconds(300), 100, 0.0);

        Assert.Equal(defaults, Conditions(new SandboxOptions()));
        Assert.Equal(defaults, Conditions(Program.ParseArguments([])));
        Assert.Equal(defaults, Conditions(Program.ParseArguments(["--profile", "default"])));
        Assert.Equal(defaults, Conditions(new SandboxOptions().UseProfile("real").UseProfile("default")));
    }

    [Fact]
    public void Other_switches_refine_the_profile_wherever_they_stand()
    {
        var before = Program.ParseArguments(["--latency-ms", "0", "--seed", "7", "--profile", "real", "--read-fault-percent=0"]);
        var after = Program.ParseArguments(["--profile", "real", "--no-rate-limit", "--task-step-ms", "500", "--poll-hint-ms", "50", "--latency-jitter-ms", "5"]);

        Assert.Equal((0, 50, 2, 120, true, TimeSpan.FromSeconds(10), 5000, 0.0), Conditions(before));
        Assert.Equal(7, before.Seed);
        Assert.Equal((150, 5, 2, 120, false, TimeSpan.FromMilliseconds(500), 50, 1.0), Conditions(after));
    }

    [Theory]
    [InlineData("--profile", "fast")]
    [InlineData("--read-fault-percent", "101")]
    [InlineData("--latency-jitter-ms", "-1")]
    [InlineData("--task-step-ms", "-5")]
    public void Bad_profile_switches_exit_with_code_2(string name, string value) =>
        Assert.Equal(2, Program.Main([name, value]));

    [Fact]
    public async Task A_sandbox_in_process_at_the_real_profile_limits_like_the_real_service_and_jitters_its_latency()
    {
        await using var h = await Harness.StartAsync(o => { o.UseProfile(SandboxProfiles.Real); o.ReadFaultPercent = 0; });

        var first = await h.Client.GetAsync("external/credits/balance");
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("external/credits/balance")).StatusCode);
        }

        Assert.Equal("2", first.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("119", first.Headers.GetValues("X-RateLimit-Remaining").Single());
        var latencies = h.Server.Requests.All.Select(r => r.LatencyMs).ToList();
        Assert.All(latencies, ms => Assert.InRange(ms, 100, 200));
        Assert.True(latencies.Distinct().Count() > 1, "the latency varies: " + string.Join(", ", latencies));
        Assert.All(h.Server.Requests.All, r => Assert.True(r.ReceivedAt <= r.At));
    }

    [Fact]
    public async Task Contact_tasks_at_the_real_profile_take_tens_of_seconds_and_hint_when_to_poll()
    {
        await using var h = await Harness.StartAsync(o => { o.UseProfile(SandboxProfiles.Real); o.ReadFaultPercent = 0; });
        var person = h.Server.World.PersonnelIdsOfEvent(Ces, 1)[0];

        var submit = await Harness.Json(await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = new[] { person } }));
        var poll = await h.Client.GetAsync($"external/contacts/unlock-tasks/{submit.GetProperty("task_id").GetString()}");

        Assert.Equal("pending", (await Harness.Json(poll)).GetProperty("taskStatus").GetString());
        Assert.Equal("5000", poll.Headers.GetValues("X-Sandbox-Poll-After-Ms").Single());
    }

    [Fact]
    public async Task Injected_5xx_fall_on_reads_only_and_never_on_a_paid_route()
    {
        await using var h = await Harness.StartAsync(o => o.ReadFaultPercent = 100);
        var person = h.Server.World.PersonnelIdsOfEvent(Ces, 1)[0];

        var readGet = await h.Client.GetAsync("external/credits/balance");
        var readPost = await h.PostJson("external/actions/precheck", new { action_type = "unlock_event_contacts", @params = new { event_id = Ces } });
        var unlock = await h.Post($"external/events/{Ces}/unlock");
        var contacts = await h.PostJson("external/contacts/unlock", new { event_id = Ces, personnel_ids = new[] { person } });
        var search = await h.PostJson("external/exhibitors/search-by-company-name", new { company_name = "Acme" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readGet.StatusCode);
        Assert.Equal(503, (await Harness.Json(readGet)).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readPost.StatusCode);
        Assert.Equal(HttpStatusCode.Created, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.Created, contacts.StatusCode);
        Assert.Equal(HttpStatusCode.Created, search.StatusCode);
        Assert.Equal(new[] { "unlock_event", "unlock_contact_emails", "search_exhibitors_by_company_name" }, h.Server.Ledger.Charges.Select(c => c.Action));
        Assert.All(h.Server.Requests.Paid, r => Assert.NotEqual(503, r.StatusCode));
    }

    [Fact]
    public async Task At_the_real_profile_a_read_now_and_then_answers_503()
    {
        // The real profile's share of read faults, without its latency and rate limit so that 300 reads are quick.
        await using var h = await Harness.StartAsync(o =>
        {
            o.UseProfile(SandboxProfiles.Real);
            o.LatencyMs = 0;
            o.LatencyJitterMs = 0;
            o.RateLimited = false;
        });

        for (var i = 0; i < 300; i++)
        {
            await h.Client.GetAsync("external/credits/balance");
        }

        var failed = h.Server.Requests.All.Count(r => r.StatusCode == 503);
        Assert.InRange(failed, 1, 15);
        Assert.Equal(300 - failed, h.Server.Requests.All.Count(r => r.StatusCode == 200));
    }

    [Fact]
    public async Task A_benchmark_sets_up_an_unlocked_event_through_the_control_surface_without_a_charge_or_a_logged_request()
    {
        await using var h = await Harness.StartAsync();
        using var control = new HttpClient { BaseAddress = h.Server.BaseUri };

        var ok = await control.PostAsync("_sandbox/events/unlock", new StringContent("{\"eventId\":\"139001\"}"));
        var unknown = await control.PostAsync("_sandbox/events/unlock", new StringContent("{\"eventId\":\"1\"}"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True(h.Server.World.IsEventUnlocked(Ces));
        Assert.Empty(h.Server.Ledger.Charges);
        Assert.Empty(h.Server.Requests.All);
    }
}
