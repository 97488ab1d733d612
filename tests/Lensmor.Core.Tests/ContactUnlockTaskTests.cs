using Lensmor.Core.Errors;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;
using static Lensmor.Core.Tests.Support.ContactUnlockRuns;

namespace Lensmor.Core.Tests;

/// <summary>
/// Contact unlock tasks: -NoWait hands them back, the waiter follows the server's poll hint with progress,
/// a timeout says how to resume, and one poll reads a task as it stands.
/// </summary>
public class ContactUnlockTaskTests
{
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
