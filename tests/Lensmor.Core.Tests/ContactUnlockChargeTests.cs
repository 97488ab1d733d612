using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;
using static Lensmor.Core.Tests.Support.ContactUnlockRuns;

namespace Lensmor.Core.Tests;

/// <summary>
/// A confirmed contact unlock charges each contact that still needs it once, at the channel's price, in tasks of
/// at most 100 per event, and reports every contact: unlocked, failed or already unlocked.
/// </summary>
public class ContactUnlockChargeTests
{
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
}
