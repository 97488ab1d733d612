using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class LinkedInAndOutreachTests
{
    private const string EventId = TestSandbox.PaidEventId;

    private static LinkedInActivityUnlockOperation LinkedIn(Session.LensmorSession session, IEnumerable<string> ids, string eventId = EventId, decimal? maxCredits = null)
    {
        var op = new LinkedInActivityUnlockOperation(session, maxCredits);
        foreach (var id in ids)
        {
            op.Add(id, eventId);
        }

        return op;
    }

    private static OutreachMessageOperation Outreach(Session.LensmorSession session, IEnumerable<string> ids, string[]? channels = null, string? purpose = null)
    {
        var op = new OutreachMessageOperation(session, channels ?? new[] { "email" }, purpose);
        foreach (var id in ids)
        {
            op.Add(id, EventId);
        }

        return op;
    }

    [Fact]
    public async Task LinkedIn_activity_is_charged_per_person_once_and_reported_per_person()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(EventId, 3);
        var host = RecordingHost.Yes();

        await LinkedIn(session, ids).RunAsync(host);
        var again = RecordingHost.Yes();
        await LinkedIn(session, ids).RunAsync(again);

        Assert.Equal(3, server.Ledger.Charges.Count);
        Assert.All(server.Ledger.Charges, c => Assert.Equal(5m, c.Credits));
        var rows = host.Output<LinkedInActivityUnlockResult>().ToList();
        Assert.Equal(ids, rows.Select(r => r.PersonnelId));
        Assert.All(rows, r => Assert.True(r.Success && !r.AlreadyUnlocked && r.TaskId != null && r.EventId == EventId));
        Assert.All(again.Output<LinkedInActivityUnlockResult>(), r => Assert.True(r.Success && r.AlreadyUnlocked && r.TaskId == null));
        var prompt = Assert.Single(host.Prompts);
        // Lensmor publishes no price for it: none is invented, the prompt says so.
        Assert.Contains("Lensmor publishes no price", prompt.Action);
        Assert.DoesNotContain("15 credits", prompt.Action);
        Assert.Contains("3 people of event " + EventId, prompt.Target);
    }

    [Fact]
    public async Task The_activity_shows_up_in_the_personnel_list_afterwards()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var id = server.World.PersonnelIdsOfEvent(EventId, 1)[0];
        await LinkedIn(session, new[] { id }).RunAsync(RecordingHost.Yes());
        await Task.Delay(120);
        var host = RecordingHost.Yes();

        await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = EventId }, new PagingOptions { First = 1 });

        var person = Assert.Single(host.Output<Personnel>());
        Assert.Equal(id, person.PersonnelId);
        Assert.Equal("ready", person.LinkedInActivityStatus);
        Assert.NotNull(person.ActivityLevel);
        if (person.LatestPostAt is { } at)
        {
            Assert.Equal(TimeSpan.Zero, at.Value.Offset);
        }
    }

    [Fact]
    public async Task More_than_50_people_are_split_into_requests_of_50_after_one_prompt()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await LinkedIn(session, server.World.PersonnelIdsOfEvent(EventId, 120)).RunAsync(host);

        Assert.Single(host.Prompts);
        Assert.Equal(3, server.Requests.Paid.Count);
        Assert.Equal(120, host.Output<LinkedInActivityUnlockResult>().Count());
        Assert.Equal(120, server.Ledger.Charges.Count);
    }

    [Fact]
    public async Task A_person_of_another_event_fails_per_item_and_is_summed_up_in_a_warning()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var mine = server.World.PersonnelIdsOfEvent(EventId, 1)[0];
        var foreign = server.World.PersonnelIdsOfEvent(server.World.EventIdAt(4), 1)[0];
        var host = RecordingHost.Yes();

        await LinkedIn(session, new[] { mine, foreign }).RunAsync(host);

        var rows = host.Output<LinkedInActivityUnlockResult>().ToDictionary(r => r.PersonnelId);
        Assert.True(rows[mine].Success);
        Assert.False(rows[foreign].Success);
        Assert.False(string.IsNullOrEmpty(rows[foreign].Error));
        Assert.Single(server.Ledger.Charges);
        Assert.Contains(host.Warnings, w => w.Contains("1 of 2 people could not be analysed") && w.Contains(foreign));
    }

    [Fact]
    public async Task LinkedIn_WhatIf_and_MaxCredits_0_send_nothing()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(EventId, 4);

        await LinkedIn(session, ids).RunAsync(RecordingHost.WhatIf());
        var error = await Assert.ThrowsAsync<LensmorException>(() => LinkedIn(session, ids, maxCredits: 0).RunAsync(RecordingHost.Yes()));

        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
    }

    [Fact]
    public async Task Without_a_published_price_MaxCredits_holds_by_what_the_balance_moves_batch_by_batch()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(EventId, 4);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => LinkedIn(session, ids, maxCredits: 10).RunAsync(host));

        // One person first, to learn what a person costs; then the next request (three people) could cross
        // the cap of 10, so it is not sent.
        Assert.Equal(ErrorIds.MaxCreditsExceeded, error.ErrorId);
        Assert.Contains("3 people were not sent", error.Message);
        var paid = Assert.Single(server.Requests.Paid);
        Assert.Contains(ids[0], paid.Body);
        Assert.True(server.Ledger.Charges.Sum(c => c.Credits) <= 10);
    }

    [Fact]
    public void LinkedIn_input_is_checked_as_it_is_added()
    {
        var op = new LinkedInActivityUnlockOperation(null!);

        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("7000001", new string('1', 21))).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add(new string('7', 21), EventId)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => op.Add("7000001", "")).ErrorId);
    }

    [Fact]
    public async Task Outreach_is_charged_per_person_and_the_message_can_be_read_once_ready()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var ids = server.World.PersonnelIdsOfEvent(EventId, 2);
        var host = RecordingHost.Yes();

        await Outreach(session, ids, new[] { "email", "LinkedIn_Message" }, "a demo of our kiosk").RunAsync(host);

        Assert.Equal(2, server.Ledger.Charges.Count);
        Assert.All(server.Ledger.Charges, c => Assert.Equal(10m, c.Credits));
        var rows = host.Output<OutreachRequestResult>().ToList();
        Assert.All(rows, r => Assert.True(r.Success && !string.IsNullOrEmpty(r.TaskId)));
        Assert.All(rows, r => Assert.Equal("email; linkedin_message", r.Channels));
        Assert.Contains("outreach_purpose", server.Requests.Paid.Single().Body);
        var action = Assert.Single(host.Prompts).Action;
        Assert.Contains("Lensmor publishes no price", action);
        Assert.DoesNotContain("20 credits", action);

        await Task.Delay(120);
        var read = RecordingHost.Yes();
        await OutreachMessageOperation.GetAsync(session, read, rows[0].PersonnelId, rows[0].EventId);

        var message = Assert.Single(read.Output<OutreachMessage>());
        Assert.True(message.Found);
        Assert.Equal("completed", message.Status);
        Assert.False(string.IsNullOrEmpty(message.EmailSubject));
        Assert.DoesNotContain("Subject:", message.EmailBody);
        Assert.False(string.IsNullOrEmpty(message.LinkedInMessage));
        Assert.Equal("a demo of our kiosk", message.Purpose);
        Assert.Equal(TimeSpan.Zero, message.CreatedAt!.Value.Value.Offset);
        Assert.True(message.UpdatedAt >= message.CreatedAt);
    }

    [Fact]
    public async Task Outreach_not_generated_yet_reads_as_not_found_without_an_error()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await OutreachMessageOperation.GetAsync(session, host, server.World.PersonnelIdsOfEvent(EventId, 1)[0], EventId);

        var message = Assert.Single(host.Output<OutreachMessage>());
        Assert.False(message.Found);
        Assert.Null(message.CreatedAt);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task Outreach_WhatIf_sends_nothing_and_bad_input_is_refused_locally()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await Outreach(session, server.World.PersonnelIdsOfEvent(EventId, 2)).RunAsync(RecordingHost.WhatIf());

        Assert.Empty(server.Requests.Paid);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => new OutreachMessageOperation(session, new[] { "sms" }, null)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => new OutreachMessageOperation(session, Array.Empty<string>(), null)).ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, Assert.Throws<LensmorException>(() => new OutreachMessageOperation(session, null, new string('p', 2001))).ErrorId);
        var detail = await Assert.ThrowsAsync<LensmorException>(() => OutreachMessageOperation.GetAsync(session, RecordingHost.Yes(), "7000001", new string('1', 21)));
        Assert.Equal(ErrorIds.InvalidArgument, detail.ErrorId);
        Assert.Equal(0, server.Requests.Count("GET", "/external/personnel/outreach"));
    }
}
