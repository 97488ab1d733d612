using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// Issue 13.5: several tasks are followed at once, each on its own schedule at the server's poll hint, and the
/// progress counts the contacts done out of all of them.
/// </summary>
public class ContactWaitTests
{
    private const string EventId = TestSandbox.PaidEventId;

    [Fact]
    public async Task Two_tasks_are_each_polled_at_the_servers_hint_and_progress_counts_contacts_done_out_of_all()
    {
        // Tasks that complete 2 s after they are made, polled at a 50 ms hint: every task is polled while it runs, so
        // the hint is what the waiter follows, even when a loaded machine sends the first poll late. (With the suite's
        // 100 ms tasks, a first poll 100 ms late found a task completed, and the hint was never needed.)
        await using var server = await TestSandbox.StartAsync(o =>
        {
            o.TaskStepDelay = TimeSpan.FromSeconds(1);
            o.TaskPollHintMs = 50;
        });
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server);
        // A ten-minute backoff: the run ends only if every task's polls follow the server's hint. The token
        // guards against a hang; it measures nothing.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var host = new RecordingHost(answer: true, token: guard.Token);
        var run = new ContactUnlockOperation(session, ContactChannel.Email) { Backoff = new[] { TimeSpan.FromMinutes(10) } };
        foreach (var id in server.World.PersonnelIdsOfEvent(EventId, 150))
        {
            run.Add(id, EventId);
        }

        await run.RunAsync(host);

        Assert.Equal(150, host.Output<ContactUnlockResult>().Count());
        var polls = server.Requests.All.Where(r => r.Path.StartsWith("/external/contacts/unlock-tasks/", StringComparison.Ordinal))
            .GroupBy(r => r.Path).ToList();
        Assert.Equal(2, polls.Count);
        Assert.All(polls, task => Assert.True(task.Count() >= 2, $"{task.Key} was polled {task.Count()} time(s)"));
        var progress = host.Progress.Where(p => p.ActivityId == ContactTaskWaiter.ProgressActivityId).ToList();
        Assert.StartsWith("0 of 150 contacts done", progress[0].Status, StringComparison.Ordinal);
        Assert.StartsWith("150 of 150 contacts done", progress[^2].Status, StringComparison.Ordinal);
        Assert.Equal(100, progress[^2].PercentComplete);
        Assert.True(progress[^1].Completed);
        Assert.Equal("Unlocking contacts (2 tasks)", progress[0].Activity);
    }
}
