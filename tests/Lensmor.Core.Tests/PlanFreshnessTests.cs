using System.Net.Http.Headers;
using System.Text;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Tests;

/// <summary>
/// The freshness rule of a contact plan that takes states from what this process just read (issue 13.2): the
/// guarantee that a contact whose unlock failed is not paid for again without -RetryFailed holds when the state
/// changed after the read, whether this process or another one sent the unlock.
/// </summary>
public class PlanFreshnessTests
{
    private const string EventId = TestSandbox.PaidEventId;

    private static async Task<List<Personnel>> ListPeople(LensmorSession session, int count)
    {
        var host = RecordingHost.Yes();
        await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = EventId }, new PagingOptions { First = (ulong)count });
        return host.Output<Personnel>().ToList();
    }

    private static ContactUnlockOperation Unlock(LensmorSession session, IEnumerable<string> ids)
    {
        var run = new ContactUnlockOperation(session, ContactChannel.Email) { Backoff = new[] { TimeSpan.FromMilliseconds(20) } };
        foreach (var id in ids)
        {
            run.Add(id, EventId);
        }

        return run;
    }

    /// <summary>The personnel ids of every contact unlock the sandbox received, request by request.</summary>
    private static List<List<string>> SentIds(SandboxServer server) =>
        server.Requests.Paid.Where(r => r.Path == "/external/contacts/unlock")
            .Select(r => JObject.Parse(r.Body!)["personnel_ids"]!.Values<string>().Select(v => v!).ToList()).ToList();

    [Fact]
    public async Task A_contact_whose_unlock_this_process_sent_after_the_list_was_read_is_read_again_and_not_paid_for_twice()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var session = TestSandbox.Session(server); // no journal: only what this process knows
        var people = await ListPeople(session, 40);
        var noEmail = people.Where(p => !server.World.HasEmail(p.PersonnelId)).Take(2).Select(p => p.PersonnelId).ToList();
        Assert.Equal(2, noEmail.Count);

        await Unlock(session, noEmail).RunAsync(RecordingHost.Yes());
        var host = RecordingHost.Yes();
        await Unlock(session, people.Select(p => p.PersonnelId)).RunAsync(host);

        var sent = SentIds(server);
        Assert.Equal(2, sent.Count);
        Assert.Empty(sent[1].Intersect(noEmail));
        Assert.All(noEmail, id => Assert.Single(server.Ledger.Charges, c => c.Target == EventId + ":" + id));
        Assert.All(host.Output<ContactUnlockResult>().Where(r => noEmail.Contains(r.PersonnelId)), r => Assert.Equal("FAILED_BEFORE", r.ErrorCode));
        Assert.Equal(2, server.Requests.Count("GET", "/external/personnel/profile"));
    }

    [Fact]
    public async Task A_contact_another_process_journalled_an_unlock_of_after_the_list_was_read_is_read_again_and_not_paid_for_twice()
    {
        await using var server = await TestSandbox.StartAsync();
        server.World.MarkEventUnlocked(EventId);
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var people = await ListPeople(session, 40);
        var noEmail = people.Where(p => !server.World.HasEmail(p.PersonnelId)).Take(2).Select(p => p.PersonnelId).ToList();

        // Another process on the same account and journal unlocks two of them, and they fail.
        await UnlockElsewhere(server, noEmail);
        var other = new IntentJournal(temp.Path);
        var record = new JournalRecord
        {
            Id = Guid.NewGuid().ToString("N"), Key = "another-process", State = JournalRecord.Sent, At = DateTimeOffset.UtcNow,
            Account = session.Spending.Account, Cmdlet = "Unlock-LensmorContactEmail", Action = "UnlockEmail",
            Targets = Join.Values(noEmail.Select(id => EventId + ":" + id)), ProcessId = Environment.ProcessId, Machine = Environment.MachineName,
        };
        other.Append(record);
        var settled = record.Next(JournalRecord.Settled);
        settled.Outcome = "charged";
        other.Append(settled);

        var host = RecordingHost.Yes();
        await Unlock(session, people.Select(p => p.PersonnelId)).RunAsync(host);

        var sent = SentIds(server);
        Assert.Equal(2, sent.Count); // the other process's, then this one's
        Assert.Empty(sent[1].Intersect(noEmail));
        Assert.All(noEmail, id => Assert.Single(server.Ledger.Charges, c => c.Target == EventId + ":" + id));
        Assert.Equal(2, host.Output<ContactUnlockResult>().Count(r => r.ErrorCode == "FAILED_BEFORE"));
    }

    [Fact]
    public void A_read_stands_in_for_a_new_one_for_ten_minutes_and_not_once_the_person_is_forgotten()
    {
        var now = DateTimeOffset.Parse("2026-12-01T10:00:00Z");
        var reads = new RecentReads(() => now);
        reads.Person(new Core.Model.Wire.ContactItemDto { Id = "7000001", FullName = "Ada", ContactUnlockStatus = "locked" });

        var read = reads.Person("7000001")!;
        Assert.True(reads.IsFresh(read.At));
        now += RecentReads.FreshFor - TimeSpan.FromSeconds(1);
        Assert.True(reads.IsFresh(read.At));
        now += TimeSpan.FromSeconds(1);
        Assert.False(reads.IsFresh(read.At));
        Assert.Equal("Ada", reads.Person("7000001")!.Name);

        reads.Forget(new[] { "7000001" });
        Assert.Null(reads.Person("7000001"));
    }

    /// <summary>An unlock sent straight to the sandbox, as another tool on the same account would, waited for until it ends.</summary>
    private static async Task UnlockElsewhere(SandboxServer server, IReadOnlyList<string> ids)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
        var body = new JObject { ["personnel_ids"] = new JArray(ids), ["event_id"] = EventId }.ToString();
        var answer = await http.PostAsync("external/contacts/unlock", new StringContent(body, Encoding.UTF8, "application/json"));
        var taskId = (string)JObject.Parse(await answer.Content.ReadAsStringAsync())["task_id"]!;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while ((string?)JObject.Parse(await http.GetStringAsync("external/contacts/unlock-tasks/" + taskId, guard.Token))["taskStatus"] is not ("completed" or "failed"))
        {
            await Task.Delay(20, guard.Token);
        }
    }
}
