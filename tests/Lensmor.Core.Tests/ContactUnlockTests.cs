using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

public class ContactUnlockTests
{
    private const string EventId = TestSandbox.PaidEventId;
    private const string UnlockRoute = "^/external/contacts/unlock$";

    private static ContactUnlockOperation Run(LensmorSession session, IEnumerable<string> ids, string eventId = EventId, ContactChannel channel = ContactChannel.Email, decimal? maxCredits = null)
    {
        var op = new ContactUnlockOperation(session, channel, maxCredits);
        foreach (var id in ids)
        {
            op.Add(id, eventId);
        }

        return op;
    }

    private static IReadOnlyList<string> People(SandboxServer server, int count, string eventId = EventId) => server.World.PersonnelIdsOfEvent(eventId, count);

    [Fact]
    public async Task A_confirmed_unlock_charges_15_per_contact_once_and_reports_each_contact()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 6);
        var host = RecordingHost.Yes();

        await Run(session, ids).RunAsync(host);

        Assert.Equal(6, server.Ledger.Charges.Count);
        Assert.All(server.Ledger.Charges, c => Assert.Equal(15m, c.Credits));
        Assert.Equal(ids.Select(id => EventId + ":" + id).OrderBy(x => x), server.Ledger.Charges.Select(c => c.Target).OrderBy(x => x));
        Assert.Single(server.Requests.Paid);
        var results = host.Output<ContactUnlockResult>().ToList();
        Assert.Equal(ids.OrderBy(x => x), results.Select(r => r.PersonnelId).OrderBy(x => x));
        foreach (var r in results)
        {
            Assert.Equal(EventId, r.EventId);
            Assert.Equal("Email", r.Channel);
            Assert.False(string.IsNullOrEmpty(r.TaskId));
            Assert.Null(r.Phone);
            var hasEmail = server.World.HasEmail(r.PersonnelId);
            Assert.Equal(hasEmail, r.Delivered);
            Assert.Equal(hasEmail ? "Unlocked" : "Failed", r.Status);
            Assert.Equal(hasEmail, !string.IsNullOrEmpty(r.Email));
        }

        var prompt = Assert.Single(host.Prompts);
        Assert.Contains("6 contacts of event " + EventId, prompt.Target);
        Assert.Contains("90 credits", prompt.Action);
        Assert.Contains("30,050 -> 29,960", prompt.Action);
        Assert.DoesNotContain(host.Warnings, w => w.Contains("expected"));
    }

    [Fact]
    public async Task Failed_contacts_stay_in_the_output_and_are_summed_up_in_one_warning()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 100);
        var noEmail = ids.Where(id => !server.World.HasEmail(id)).ToList();
        Assert.NotEmpty(noEmail);
        var host = RecordingHost.Yes();

        await Run(session, ids).RunAsync(host);

        var failed = host.Output<ContactUnlockResult>().Where(r => !r.Delivered).ToList();
        Assert.Equal(noEmail.OrderBy(x => x), failed.Select(r => r.PersonnelId).OrderBy(x => x));
        Assert.All(failed, r => Assert.False(string.IsNullOrEmpty(r.ErrorCode)));
        var warning = Assert.Single(host.Warnings);
        Assert.Contains($"{noEmail.Count} of 100 contacts were not delivered", warning);
    }

    [Fact]
    public async Task Already_unlocked_contacts_cost_nothing_are_not_sent_and_say_so()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 5).Where(server.World.HasEmail).Take(3).ToList();
        await Run(session, ids.Take(2)).RunAsync(RecordingHost.Yes());
        var chargesBefore = server.Ledger.Charges.Count;
        var host = RecordingHost.Yes();

        await Run(session, ids).RunAsync(host);

        var charge = Assert.Single(server.Ledger.Charges.Skip(chargesBefore));
        Assert.Equal(EventId + ":" + ids[2], charge.Target);
        var lastPost = server.Requests.Paid.Last();
        Assert.DoesNotContain(ids[0], lastPost.Body);
        Assert.Contains(ids[2], lastPost.Body);
        var results = host.Output<ContactUnlockResult>().ToDictionary(r => r.PersonnelId);
        Assert.Equal(3, results.Count);
        Assert.Equal("AlreadyUnlocked", results[ids[0]].Status);
        Assert.Null(results[ids[0]].TaskId);
        Assert.Equal("AlreadyUnlocked", results[ids[1]].Status);
        Assert.Equal("Unlocked", results[ids[2]].Status);
        Assert.Contains("15 credits", Assert.Single(host.Prompts).Action);
    }

    [Fact]
    public async Task Nothing_chargeable_means_no_prompt_and_no_paid_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 3);
        await Run(session, ids).RunAsync(RecordingHost.Yes());
        var paidBefore = server.Requests.Paid.Count;
        var host = RecordingHost.Yes();

        await Run(session, ids.Where(server.World.HasEmail)).RunAsync(host);

        Assert.Empty(host.Prompts);
        Assert.Equal(paidBefore, server.Requests.Paid.Count);
        Assert.All(host.Output<ContactUnlockResult>(), r => Assert.Equal("AlreadyUnlocked", r.Status));
    }

    [Fact]
    public async Task Personnel_rows_that_already_carry_an_email_are_dropped_without_asking_the_api()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var op = new ContactUnlockOperation(session, ContactChannel.Email);
        op.Add(new Personnel { PersonnelId = People(server, 1)[0], EventId = EventId, Email = "a@b.example", ContactUnlockStatus = "unlocked" });
        var host = RecordingHost.Yes();

        await op.RunAsync(host);

        Assert.Empty(server.Requests.All);
        Assert.Equal("AlreadyUnlocked", Assert.Single(host.Output<ContactUnlockResult>()).Status);
    }

    [Fact]
    public async Task More_than_100_contacts_become_tasks_of_at_most_100_after_one_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 250);
        var host = RecordingHost.Yes();

        await Run(session, ids).RunAsync(host);

        Assert.Single(host.Prompts);
        Assert.Contains("in 3 tasks for 3,750 credits", host.Prompts.Single().Action);
        Assert.Equal(3, server.Requests.Count("POST", "/external/contacts/unlock"));
        Assert.Equal(250, server.Ledger.Charges.Count);
        var results = host.Output<ContactUnlockResult>().ToList();
        Assert.Equal(250, results.Count);
        Assert.Equal(250, results.Select(r => r.PersonnelId).Distinct().Count());
        Assert.Equal(3, results.Select(r => r.TaskId).Distinct().Count());
        Assert.Equal(30_050m - 3_750m, server.Ledger.TotalBalance);
    }

    [Fact]
    public async Task Contacts_of_several_events_are_grouped_into_one_task_per_event()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var other = server.World.EventIdAt(9);
        var op = new ContactUnlockOperation(session, ContactChannel.Email);
        foreach (var id in People(server, 2))
        {
            op.Add(id, EventId);
        }

        foreach (var id in People(server, 2, other))
        {
            op.Add(id, other);
        }

        var host = RecordingHost.Yes();
        await op.RunAsync(host);

        Assert.Single(host.Prompts);
        Assert.Contains("4 contacts of 2 events", host.Prompts.Single().Target);
        Assert.Equal(2, server.Requests.Paid.Count);
        Assert.Equal(2, host.Output<ContactUnlockResult>().Count(r => r.EventId == other));
    }

    [Fact]
    public async Task WhatIf_sends_no_paid_request_and_charges_nothing()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.WhatIf();

        await Run(session, People(server, 3)).RunAsync(host);

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.Contains("45 credits", Assert.Single(host.Prompts).Action);
        Assert.Empty(host.Output<ContactUnlockResult>());
    }

    [Fact]
    public async Task A_declined_prompt_sends_nothing()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await Run(session, People(server, 3)).RunAsync(RecordingHost.No());

        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task MaxCredits_below_the_cost_refuses_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(session, People(server, 3), maxCredits: 30).RunAsync(host));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task A_short_balance_refuses_before_the_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.Ledger.SetBalance(20);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(session, People(server, 3)).RunAsync(host));

        Assert.Equal(ErrorIds.InsufficientCredits, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
    }

    [Fact]
    public async Task A_402_on_the_second_task_stops_the_run_but_the_first_tasks_results_are_still_reported()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.Faults.Add(new SandboxFault("POST", UnlockRoute, SandboxFaultKind.Latency) { DelayMs = 0 });
        server.Faults.Add(new SandboxFault("POST", UnlockRoute, SandboxFaultKind.StatusBeforeExecute) { StatusCode = 402 });
        var ids = People(server, 250);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => Run(session, ids).RunAsync(host));

        Assert.Equal(ErrorIds.PaymentRequired, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Equal(2, server.Requests.Count("POST", "/external/contacts/unlock"));
        Assert.Equal(100, server.Ledger.Charges.Count);
        var results = host.Output<ContactUnlockResult>().ToList();
        Assert.Equal(ids.Take(100).OrderBy(x => x), results.Select(r => r.PersonnelId).OrderBy(x => x));
        Assert.All(results, r => Assert.True(r.Status is "Unlocked" or "Failed"));
        Assert.Contains(host.Warnings, w => w.Contains("150 contact(s) were not sent"));
    }

    [Fact]
    public async Task NoWait_returns_the_tasks_without_polling_and_the_waiter_resumes_them()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 120);
        var host = RecordingHost.Yes();
        var op = Run(session, ids);
        op.NoWait = true;

        await op.RunAsync(host);

        var tasks = host.Output<ContactUnlockTask>().ToList();
        Assert.Equal(2, tasks.Count);
        Assert.Equal(new[] { 100, 20 }, tasks.Select(t => t.PersonnelCount));
        Assert.All(tasks, t => Assert.Equal(EventId, t.EventId));
        Assert.All(tasks, t => Assert.Equal("Email", t.Channel));
        Assert.Equal(0, server.Requests.Count("GET", "/external/contacts/unlock-tasks/"));
        Assert.Empty(host.Output<ContactUnlockResult>());

        var waited = RecordingHost.Yes();
        var refs = tasks.Select(t => new ContactTaskRef(t.TaskId, t.EventId, ContactChannel.Email)).ToList();
        var results = await ContactTaskWaiter.WaitAsync(session, waited, refs);

        Assert.Equal(120, results.Count);
        Assert.Equal(ids.OrderBy(x => x), waited.Output<ContactUnlockResult>().Select(r => r.PersonnelId).OrderBy(x => x));
        Assert.All(results, r => Assert.True(r.Status is "Unlocked" or "Failed"));
    }

    [Fact]
    public async Task Waiting_follows_the_servers_poll_hint_rather_than_the_3_second_backoff_and_reports_progress()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        // A backoff of ten minutes between polls: the run can only finish if each wait follows the server's
        // 20 ms hint. The token is a guard against hanging when it does not, not a measure of speed.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var host = new RecordingHost(answer: true, token: guard.Token);
        var operation = Run(session, People(server, 4));
        operation.Backoff = new[] { TimeSpan.FromMinutes(10) };

        await operation.RunAsync(host);

        Assert.Equal(4, host.Output<ContactUnlockResult>().Count());
        Assert.All(host.Output<ContactUnlockResult>(), r => Assert.True(r.Status is "Unlocked" or "Failed", r.Status));
        Assert.True(server.Requests.Count("GET", "/external/contacts/unlock-tasks/") >= 2);
        Assert.Contains(host.Progress, p => p.Status.Contains("pending") && !p.Completed);
        Assert.True(host.Progress.Last().Completed);
    }

    [Fact]
    public async Task A_timeout_reports_pending_contacts_and_how_to_resume()
    {
        await using var server = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(30));
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var op = Run(session, People(server, 2));
        op.Timeout = TimeSpan.FromMilliseconds(300);

        await op.RunAsync(host);

        Assert.All(host.Output<ContactUnlockResult>(), r => Assert.True(r.Status is "Pending" or "Processing"));
        Assert.Equal(2, host.Output<ContactUnlockResult>().Count());
        Assert.Contains(host.Warnings, w => w.Contains("Wait-LensmorContactUnlockTask -TaskId"));
    }

    [Fact]
    public async Task Phone_unlocks_charge_150_use_the_phone_routes_and_fill_Phone()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 3);
        var host = RecordingHost.Yes();

        await Run(session, ids, channel: ContactChannel.Phone).RunAsync(host);

        Assert.All(server.Ledger.Charges, c => Assert.Equal(150m, c.Credits));
        Assert.Equal(3, server.Ledger.Charges.Count);
        Assert.Equal(1, server.Requests.Count("POST", "/external/contacts/unlock-phone"));
        Assert.True(server.Requests.Count("GET", "/external/contacts/unlock-phone-tasks/") >= 1);
        Assert.Contains("phone numbers", Assert.Single(host.Prompts).Action);
        foreach (var r in host.Output<ContactUnlockResult>())
        {
            Assert.StartsWith("phone_", r.TaskId);
            Assert.Equal("Phone", r.Channel);
            Assert.Null(r.Email);
            Assert.Equal(server.World.HasPhone(r.PersonnelId), r.Delivered);
            Assert.Equal(r.Delivered, !string.IsNullOrEmpty(r.Phone));
        }
    }

    [Fact]
    public async Task A_success_answer_without_a_task_reports_the_skipped_contacts()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = People(server, 2);
        var host = RecordingHost.Yes();
        host.OnPrompt = () => Run(session, ids).RunAsync(RecordingHost.Yes()).GetAwaiter().GetResult();

        await Run(session, ids).RunAsync(host);

        Assert.Equal(2, server.Requests.Paid.Count);
        Assert.Equal(2, server.Ledger.Charges.Count);
        var results = host.Output<ContactUnlockResult>().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Status is "AlreadyUnlocked" or "Unlocking"));
        Assert.All(results, r => Assert.Null(r.TaskId));
    }

    [Fact]
    public async Task Bad_contacts_are_refused_as_they_are_added()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var op = new ContactUnlockOperation(session, ContactChannel.Email);

        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add(new string('7', 21), EventId)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("", EventId)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("7000001", null)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("7000001", new string('1', 101))).ErrorId);
        Assert.Equal(0, op.Count);
        await op.RunAsync(RecordingHost.Yes());
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task An_unknown_event_is_a_per_item_not_found_while_the_other_events_go_ahead()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var op = new ContactUnlockOperation(session, ContactChannel.Email);
        op.Add("7000001", "999999999");
        foreach (var id in People(server, 2))
        {
            op.Add(id, EventId);
        }

        var host = RecordingHost.Yes();
        await op.RunAsync(host);

        var error = Assert.Single(host.Errors);
        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
        Assert.False(error.IsTerminating);
        Assert.Single(server.Requests.Paid);
        Assert.Equal(2, server.Ledger.Charges.Count);
        Assert.Equal(2, host.Output<ContactUnlockResult>().Count());
    }

    [Fact]
    public void TimeoutSec_below_one_is_refused()
    {
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => ContactTaskWaiter.Timeout(0)).ErrorId);
        Assert.Null(ContactTaskWaiter.Timeout(null));
        Assert.Equal(TimeSpan.FromSeconds(5), ContactTaskWaiter.Timeout(5));
    }

    [Fact]
    public async Task One_poll_of_a_task_returns_the_contacts_and_an_unknown_task_is_a_per_item_not_found()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var create = Run(session, People(server, 3), channel: ContactChannel.Phone);
        create.NoWait = true;
        var created = RecordingHost.Yes();
        await create.RunAsync(created);
        var task = Assert.Single(created.Output<ContactUnlockTask>());
        var host = RecordingHost.Yes();

        await ContactTaskWaiter.PollOnceAsync(session, host, new[] { new ContactTaskRef(task.TaskId, EventId, ContactChannels.Infer(task.TaskId)) });
        await ContactTaskWaiter.PollOnceAsync(session, host, new[] { new ContactTaskRef("999999", null, ContactChannel.Email) });

        Assert.Equal(3, host.Output<ContactUnlockResult>().Count());
        Assert.All(host.Output<ContactUnlockResult>(), r => Assert.Equal(task.TaskId, r.TaskId));
        Assert.Equal(ErrorIds.NotFound, Assert.Single(host.Errors).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => ContactTaskWaiter.ValidateTaskId("a/b")).ErrorId);
    }

    [Fact]
    public async Task The_task_id_is_handed_to_the_paid_action_gate()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var op = Run(session, People(server, 2));
        op.NoWait = true;
        var host = RecordingHost.Yes();

        await op.RunAsync(host);

        var task = Assert.Single(host.Output<ContactUnlockTask>());
        Assert.Matches("^[0-9]+$", task.TaskId);
        Assert.Equal(30m, task.ExpectedCredits);
    }
}
