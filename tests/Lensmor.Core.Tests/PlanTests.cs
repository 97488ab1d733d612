using Lensmor.Core.Errors;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Tests;

/// <summary>
/// Plans written down (-PlanPath) and applied (Invoke-LensmorPlan), against the sandbox: what the file holds,
/// that writing it spends, asks and records nothing, and every refusal of an apply, asserted on the ledger.
/// </summary>
public sealed class PlanTests : IDisposable
{
    private readonly TempJournal temp = new();

    public PlanTests() => System.IO.Directory.CreateDirectory(temp.Directory);

    public void Dispose() => temp.Dispose();

    private string File(string name) => Path.Combine(temp.Directory, name);

    /// <summary>Unlock-LensmorEvent -Id ... -PlanPath file, as the cmdlet runs it.</summary>
    internal static async Task<RecordingHost> PlanEventsAsync(LensmorSession session, string file, TimeSpan? validFor = null, decimal? maxCredits = null, params string[] ids)
    {
        var operation = new EventUnlockOperation(session, EventUnlockScope.Contacts, maxCredits);
        ids.ToList().ForEach(operation.Add);
        operation.Paid.PlanTo = new PlanRequest(file, validFor, PlannedRuns.EventUnlock(EventUnlockScope.Contacts), maxCredits);
        var host = RecordingHost.Yes();
        await operation.RunAsync(host);
        return host;
    }

    [Fact]
    public async Task PlanPath_writes_the_plan_and_spends_asks_and_records_nothing()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        server.World.MarkEventUnlocked("139004");

        var host = await PlanEventsAsync(session, File("three.json"), null, null, "139001", "139002", "139003", "139004");

        Assert.Equal(0, TestSandbox.PaidRequests(server));
        Assert.Empty(host.Prompts);
        Assert.Empty(host.HostLines);
        Assert.False(System.IO.File.Exists(temp.Path) && temp.Text.Contains("\"id\"", StringComparison.Ordinal)); // nothing journalled
        var plan = Assert.Single(host.Output<Plan>());
        Assert.Single(host.Objects); // the plan object only: the free event's receipt is a verbose line
        Assert.Equal((3, 6000m, PlanStatus.NotApplied, PlanValidity.Valid, 1), (plan.TargetCount, plan.TotalCredits, Enum.Parse<PlanStatus>(plan.Status), Enum.Parse<PlanValidity>(plan.Validity), plan.FreeTargets));
        Assert.Equal(File("three.json"), plan.Path);

        var json = PlanFileEditor.Read(File("three.json"));
        Assert.Equal("lensmor-plan/1", (string?)json["format"]);
        Assert.Equal("Unlock-LensmorEvent", (string?)json["cmdlet"]);
        Assert.Equal("Contacts", (string?)json["parameters"]!["Scope"]);
        Assert.Equal(server.BaseUri.GetLeftPart(UriPartial.Authority), (string?)json["baseUri"]);
        Assert.Matches("^sk_[0-9a-f]{8}$", (string?)json["account"]);
        Assert.Equal(30050m, (decimal?)json["balance"]);
        Assert.Equal(6000m, (decimal?)json["totalCredits"]);
        Assert.Equal(new[] { "139001", "139002", "139003" }, json["targets"]!.Select(t => (string?)t["id"]));
        Assert.All(json["targets"]!, t => Assert.Equal((2000m, "ok"), ((decimal)t["expectedCredits"]!, (string?)t["reason"])));
        Assert.Equal("already_unlocked", (string?)json["free"]![0]!["reason"]);
        var created = DateTimeOffset.Parse((string)json["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(24), DateTimeOffset.Parse((string)json["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) - created);
        Assert.EndsWith("Z", (string)json["createdAt"]!, StringComparison.Ordinal);
        Assert.Matches("^sha256:[0-9a-f]{64}$", (string?)json["contentHash"]);
        Assert.DoesNotContain(server.ApiKey, System.IO.File.ReadAllText(File("three.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hash_detects_an_edit_but_not_a_new_layout_and_is_no_signature()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("p.json"), null, null, "139001");
        var text = System.IO.File.ReadAllText(File("p.json"));

        System.IO.File.WriteAllText(File("layout.json"), text.Replace("\n", "\r\n").Replace("  ", "    "));
        System.IO.File.WriteAllText(File("edited.json"), text.Replace("\"expectedCredits\": 2000", "\"expectedCredits\": 20"));
        System.IO.File.WriteAllText(File("resealed.json"), text);
        PlanFileEditor.Reseal(File("resealed.json"), j => j["targets"]![0]!["expectedCredits"] = 20);

        Assert.True(SavedPlan.Load(File("p.json")).IsIntact);
        Assert.True(SavedPlan.Load(File("layout.json")).IsIntact);
        Assert.False(SavedPlan.Load(File("edited.json")).IsIntact);
        Assert.True(SavedPlan.Load(File("resealed.json")).IsIntact); // anyone who can write the file can seal it again
    }

    [Fact]
    public async Task PlanPath_refuses_as_the_run_would_and_then_writes_no_file()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);

        var refused = await Assert.ThrowsAsync<LensmorException>(() => PlanEventsAsync(session, File("p.json"), null, 3000m, "139001", "139002"));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, refused.ErrorId);
        Assert.False(System.IO.File.Exists(File("p.json")));
        Assert.Equal(0, TestSandbox.PaidRequests(server));
    }

    [Fact]
    public void PlanExpiresIn_is_checked_before_any_request()
    {
        Assert.Equal(TimeSpan.FromHours(24), PlanRequest.EnsureValidity(null));
        Assert.Equal(TimeSpan.FromDays(7), PlanRequest.EnsureValidity(TimeSpan.FromDays(7)));
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => PlanRequest.EnsureValidity(TimeSpan.FromTicks(48))).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => PlanRequest.EnsureValidity(TimeSpan.FromDays(400))).ErrorId);
    }

    [Fact]
    public async Task Apply_spends_on_exactly_the_plans_targets_and_names_the_plan_in_the_journal()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("p.json"), null, null, "139001", "139002");
        var host = RecordingHost.Yes();

        await PlannedRuns.ApplyAsync(session, File("p.json"), null, host);

        Assert.Equal(new[] { "139001", "139002" }, server.Ledger.Charges.Select(c => c.Target).OrderBy(t => t));
        Assert.Equal(2, host.Prompts.Count);
        var saved = SavedPlan.Load(File("p.json"));
        var records = temp.Journal.ReadActive(null).Where(r => r.State == JournalRecord.Settled).ToList();
        Assert.All(records, r => Assert.Equal(saved.PlanId, r.Plan));
        Assert.Equal(new int?[] { 0, 1 }, records.Select(r => r.PlanTarget).OrderBy(p => p));
        Assert.Equal(nameof(PlanStatus.Applied), PlanReview.Read(saved, temp.Journal, session.Account, DateTimeOffset.UtcNow, null).Status.ToString());
    }

    [Fact]
    public async Task Applying_twice_charges_once_for_an_unlock_and_for_a_search_charged_per_call()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("events.json"), null, null, "139001");
        var search = ExhibitorEventSearchOperation.Start(session);
        search.Add(PaidScenario.FindableCompany(server));
        search.Paid.PlanTo = new PlanRequest(File("search.json"), null, PlannedRuns.CompanySearch(1, 20, false));
        await search.RunAsync(RecordingHost.Yes());

        foreach (var _ in Enumerable.Range(0, 2))
        {
            await PlannedRuns.ApplyAsync(session, File("events.json"), null, RecordingHost.Yes());
            await PlannedRuns.ApplyAsync(session, File("search.json"), null, RecordingHost.Yes());
        }

        Assert.Equal(1, server.Ledger.Charges.Count(c => c.Action == "unlock_event"));
        Assert.Equal(1, server.Ledger.Charges.Count(c => c.Action == "search_exhibitor_events"));
        Assert.Equal(2, TestSandbox.PaidRequests(server));
    }

    [Fact]
    public async Task A_target_that_now_costs_more_refuses_the_whole_plan_naming_it_before_any_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("p.json"), null, null, "139001", "139002");
        PlanFileEditor.Reseal(File("p.json"), j => j["targets"]![1]!["expectedCredits"] = 1500); // as if it had been cheaper then
        var host = RecordingHost.Yes();

        var stale = await Assert.ThrowsAsync<LensmorException>(() => PlannedRuns.ApplyAsync(session, File("p.json"), 5000m, host));

        Assert.Equal(ErrorIds.PlanStale, stale.ErrorId);
        Assert.Contains("1 of the plan's 2 targets now cost more than planned", stale.Message, StringComparison.Ordinal);
        Assert.Contains("(139002): planned 1,500, now 2,000", stale.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(139001)", stale.Message, StringComparison.Ordinal);
        Assert.Empty(host.Prompts);
        Assert.Equal(0, TestSandbox.PaidRequests(server));
    }

    [Fact]
    public async Task A_target_that_became_free_is_reported_free_and_the_rest_is_applied()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("p.json"), null, null, "139001", "139002");
        server.World.MarkEventUnlocked("139001");
        var host = RecordingHost.Yes();

        await PlannedRuns.ApplyAsync(session, File("p.json"), null, host);

        var receipts = host.Output<EventUnlockReceipt>().ToList();
        Assert.Equal(("AlreadyUnlocked", 0m), (receipts[0].Outcome, receipts[0].ChargedCredits));
        Assert.Equal("Unlocked", receipts[1].Outcome);
        Assert.Contains(host.Verbose, v => v.Contains("planned 2,000 credits, free now (already_unlocked)", StringComparison.Ordinal));
        Assert.Equal(new[] { "139002" }, server.Ledger.Charges.Select(c => c.Target));
        Assert.Equal(nameof(PlanStatus.Applied), PlanReview.Read(SavedPlan.Load(File("p.json")), temp.Journal, null, DateTimeOffset.UtcNow, null).Status);
    }

    [Theory]
    [InlineData("edited", ErrorIds.PlanEdited, "was changed after it was written")]
    [InlineData("expired", ErrorIds.PlanExpired, "expired at")]
    [InlineData("other key", ErrorIds.PlanAccountMismatch, "but this session is account sk_")]
    [InlineData("other base URL", ErrorIds.PlanAccountMismatch, "is for account")]
    public async Task An_edited_expired_or_other_accounts_plan_is_refused_before_any_request(string how, string errorId, string says)
    {
        await using var server = await TestSandbox.StartAsync();
        await using var other = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("p.json"), null, null, "139001");
        using var applier = how switch
        {
            "other key" => temp.Session(server, key: "sk_another_key_0123456789"),
            "other base URL" => temp.Session(other, key: server.ApiKey),
            _ => temp.Session(server),
        };
        if (how == "edited")
        {
            PlanFileEditor.Edit(File("p.json"), j => j["targets"]![0]!["expectedCredits"] = 1);
        }

        server.Requests.Clear();
        var clock = how == "expired" ? () => DateTimeOffset.UtcNow.AddHours(25) : (Func<DateTimeOffset>?)null;
        var refused = await Assert.ThrowsAsync<LensmorException>(() => PlannedRuns.ApplyAsync(applier, File("p.json"), null, RecordingHost.Yes(), clock));

        Assert.Equal(errorId, refused.ErrorId);
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent and nothing was charged.", refused.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests.All);
        Assert.Empty(other.Requests.All);
    }

    [Fact]
    public async Task An_apply_over_the_balance_a_budget_or_MaxCredits_is_refused_whole_before_any_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("p.json"), null, null, "139001", "139002");
        var host = RecordingHost.Yes();

        var max = await Assert.ThrowsAsync<LensmorException>(() => PlannedRuns.ApplyAsync(session, File("p.json"), 3000m, host));
        new BudgetBook(temp.Journal).Set(session.Account, BudgetPeriod.Day, 3000);
        var budget = await Assert.ThrowsAsync<LensmorException>(() => PlannedRuns.ApplyAsync(session, File("p.json"), null, host));
        new BudgetBook(temp.Journal).Clear(session.Account);
        server.Ledger.SetBalance(3000, 0, 0);
        var balance = await Assert.ThrowsAsync<LensmorException>(() => PlannedRuns.ApplyAsync(session, File("p.json"), null, host));

        Assert.Equal((ErrorIds.MaxCreditsExceeded, ErrorIds.BudgetExceeded, ErrorIds.InsufficientCredits), (max.ErrorId, budget.ErrorId, balance.ErrorId));
        Assert.Empty(host.Prompts);
        Assert.Equal(0, TestSandbox.PaidRequests(server));
        Assert.Equal(nameof(PlanStatus.NotApplied), PlanReview.Read(SavedPlan.Load(File("p.json")), temp.Journal, null, DateTimeOffset.UtcNow, null).Status);
    }

    [Fact]
    public async Task An_interrupted_apply_is_partly_applied_and_resumes_without_paying_twice()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        await PlanEventsAsync(session, File("p.json"), null, null, "139001", "139002", "139003");
        server.Faults.Add(new SandboxFault("POST", TestSandbox.UnlockRoute("139002"), SandboxFaultKind.DropAfterExecute));

        var lost = await Assert.ThrowsAsync<LensmorException>(() => PlannedRuns.ApplyAsync(session, File("p.json"), null, RecordingHost.Yes()));
        var midway = PlanReview.Read(SavedPlan.Load(File("p.json")), temp.Journal, null, DateTimeOffset.UtcNow, null);
        var resumed = RecordingHost.Yes();
        await PlannedRuns.ApplyAsync(session, File("p.json"), null, resumed);
        var after = PlanReview.Read(SavedPlan.Load(File("p.json")), temp.Journal, null, DateTimeOffset.UtcNow, null);

        Assert.Equal(ErrorIds.OutcomeUnknown, lost.ErrorId);
        Assert.Equal(nameof(PlanStatus.PartlyApplied), midway.Status);
        Assert.Equal(new[] { "Applied", "OutcomeUnknown", "NotApplied" }, midway.Targets.Select(t => t.Status));
        Assert.Contains(resumed.Warnings, w => w.Contains("was applied", StringComparison.Ordinal)); // 139002 re-read, not sent again
        Assert.Single(resumed.Prompts); // only 139003 is asked about
        Assert.Equal(new[] { "139001", "139002", "139003" }, server.Ledger.Charges.Select(c => c.Target).OrderBy(t => t));
        Assert.Equal(nameof(PlanStatus.Applied), after.Status);
    }

    [Fact]
    public async Task A_contact_plan_applies_its_contacts_as_one_run_and_reads_back_as_one_row()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server);
        server.World.MarkEventUnlocked("139001");
        var people = PaidScenario.People(server, server.World.HasEmail);
        var operation = new ContactUnlockOperation(session, ContactChannel.Email);
        people.ToList().ForEach(p => operation.Add(p, "139001"));
        operation.Paid.PlanTo = new PlanRequest(File("c.json"), null, PlannedRuns.ContactUnlock(retryFailed: false, noWait: false, timeoutSec: null));
        await operation.RunAsync(RecordingHost.Yes());

        await PlannedRuns.ApplyAsync(session, File("c.json"), null, RecordingHost.Yes());

        var plan = PlanReview.Read(SavedPlan.Load(File("c.json")), temp.Journal, null, DateTimeOffset.UtcNow, null);
        Assert.Equal(string.Join("; ", people.Select(p => "139001/" + p)), Assert.Single(plan.Targets).TargetId);
        Assert.Equal(45m, plan.TotalCredits);
        Assert.Equal(nameof(PlanStatus.Applied), plan.Status);
        Assert.Equal(45m, server.Ledger.Charges.Where(c => c.Action == "unlock_contact_emails").Sum(c => c.Credits));
    }

    [Fact]
    public async Task An_interrupted_contact_plan_follows_the_task_it_made_and_never_pays_for_a_contact_twice()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(2));
        server.World.MarkEventUnlocked("139001");
        var people = server.World.PersonnelIdsOfEvent("139001", 400).Where(server.World.HasEmail).Take(250).ToList(); // three tasks: the first made, the second lost, the third never sent
        var operation = new ContactUnlockOperation(session, ContactChannel.Email);
        people.ForEach(p => operation.Add(p, "139001"));
        operation.Paid.PlanTo = new PlanRequest(File("c.json"), null, PlannedRuns.ContactUnlock(retryFailed: false, noWait: false, timeoutSec: null));
        await operation.RunAsync(RecordingHost.Yes());
        server.Faults.Add(new SandboxFault("POST", "^/external/contacts/unlock$", SandboxFaultKind.Latency)); // the first task is created
        server.Faults.Add(new SandboxFault("POST", "^/external/contacts/unlock$", SandboxFaultKind.DropAfterExecute)); // the second's answer is lost

        var lost = await Assert.ThrowsAsync<LensmorException>(() => PlannedRuns.ApplyAsync(session, File("c.json"), null, RecordingHost.Yes()));
        var midway = PlanReview.Read(SavedPlan.Load(File("c.json")), temp.Journal, null, DateTimeOffset.UtcNow, null).Status;
        await Task.Delay(300);
        var resumed = RecordingHost.Yes();
        await PlannedRuns.ApplyAsync(session, File("c.json"), null, resumed);

        Assert.Equal((ErrorIds.OutcomeUnknown, nameof(PlanStatus.PartlyApplied)), (lost.ErrorId, midway));
        Assert.Contains(resumed.Warnings, w => w.Contains("Following those tasks instead of creating new ones", StringComparison.Ordinal));
        var charges = server.Ledger.Charges.Where(c => c.Action == "unlock_contact_emails").ToList();
        Assert.Equal(250, people.Count);
        Assert.Equal(people.Count * 15m, charges.Sum(c => c.Credits));
        Assert.All(charges.GroupBy(c => c.Target), g => Assert.Single(g));
        Assert.Equal(nameof(PlanStatus.Applied), PlanReview.Read(SavedPlan.Load(File("c.json")), temp.Journal, null, DateTimeOffset.UtcNow, null).Status);
    }

    [Fact]
    public void A_plan_of_unpublished_prices_applies_with_the_MaxCredits_it_was_made_with()
    {
        var priced = new PlanRequest("p.json", null, PlannedRuns.EventUnlock(EventUnlockScope.Contacts), 9000m);
        var unpriced = new PlanRequest("o.json", null, PlannedRuns.Outreach(new[] { "email" }, null, false), 300m);
        var line = new PlanTarget("139001/7000001", "person", "Generate", null);

        Assert.Equal(2000m, SavedPlan.Create("Unlock-LensmorEvent", priced, "http://h sk_1", 1, new[] { (line with { ExpectedCredits = 2000 }, "k") }, Array.Empty<PlanTarget>(), DateTimeOffset.UtcNow).DefaultMaxCredits);
        Assert.Equal(300m, SavedPlan.Create("Request-LensmorOutreachMessage", unpriced, "http://h sk_1", 1, new[] { (line, "k") }, Array.Empty<PlanTarget>(), DateTimeOffset.UtcNow).DefaultMaxCredits);
    }

    [Fact]
    public void A_file_that_is_not_a_plan_is_unreadable()
    {
        System.IO.File.WriteAllText(File("x.json"), "{\"name\": \"not a plan\"}");
        System.IO.File.WriteAllText(File("y.json"), "not json");

        Assert.Equal(ErrorIds.PlanUnreadable, Assert.Throws<LensmorException>(() => SavedPlan.Load(File("x.json"))).ErrorId);
        Assert.Equal(ErrorIds.PlanUnreadable, Assert.Throws<LensmorException>(() => SavedPlan.Load(File("y.json"))).ErrorId);
        Assert.Equal(LensmorErrorCategory.ObjectNotFound, Assert.Throws<LensmorException>(() => SavedPlan.Load(File("z.json"))).Category);
    }
}
