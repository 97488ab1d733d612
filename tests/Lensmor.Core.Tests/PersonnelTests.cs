using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class PersonnelTests
{
    private const string LockedEvent = TestSandbox.PaidEventId;

    private static PersonnelOperation.Filter Of(string eventId) => new() { EventId = eventId };

    [Fact]
    public async Task A_locked_event_streams_its_preview_and_warns_once_with_the_counts_and_the_unlock()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await PersonnelOperation.ListAsync(session, host, Of(LockedEvent), new PagingOptions { PageSize = 20 });

        var people = host.Output<Personnel>().ToList();
        Assert.Equal(50, people.Count);
        Assert.All(people, p => Assert.Equal(LockedEvent, p.EventId));
        Assert.Equal(50, people.Select(p => p.PersonnelId).Distinct().Count());
        var warning = Assert.Single(host.Warnings);
        Assert.Contains("50 of", warning);
        Assert.Contains($"Unlock-LensmorEvent -Id {LockedEvent}", warning);
        Assert.Contains("2,000 credits", warning);
    }

    [Fact]
    public async Task A_page_past_the_preview_window_is_reported_as_locked_not_empty()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await PersonnelOperation.ListAsync(session, host, Of(LockedEvent), new PagingOptions { PageSize = 50, Skip = 50 });

        Assert.Empty(host.Output<Personnel>());
        Assert.Contains(host.Warnings, w => w.Contains("locked, not empty"));
    }

    [Fact]
    public async Task An_unlocked_event_lists_everyone_without_a_warning()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = server.World.EventIdAt(3);
        server.World.MarkEventUnlocked(eventId);
        var host = RecordingHost.Yes();

        await PersonnelOperation.ListAsync(session, host, Of(eventId), new PagingOptions { IncludeTotalCount = true });

        var expected = server.World.PersonnelIdsOfEvent(eventId, int.MaxValue);
        Assert.Equal(expected, host.Output<Personnel>().Select(p => p.PersonnelId));
        Assert.Empty(host.Warnings);
        Assert.Equal(expected.Count, Assert.Single(host.TotalCounts));
        Assert.Contains("pageSize=50", server.Requests.All[0].Query);
    }

    [Fact]
    public async Task The_filters_reach_the_api_and_an_exhibitor_filter_fills_ExhibitorId()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = server.World.EventIdAt(5);
        var exhibitorId = server.World.ExhibitorIdsOfEvent(eventId)[2];
        var host = RecordingHost.Yes();

        await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId, ExhibitorId = exhibitorId, SourceType = "Exhibitor" }, new PagingOptions());

        var people = host.Output<Personnel>().ToList();
        Assert.Equal(5, people.Count);
        Assert.All(people, p => Assert.Equal(exhibitorId, p.ExhibitorId));
        Assert.All(people, p => Assert.Contains("exhibitor", p.SourceType));
        var query = Assert.Single(server.Requests.All).Query;
        Assert.Contains("exhibitor_id=" + exhibitorId, query);
        Assert.Contains("sourceType=exhibitor", query);
    }

    [Theory]
    [InlineData(51, null, null, null)]
    [InlineData(0, null, null, null)]
    [InlineData(null, "bogus", null, null)]
    [InlineData(null, null, 101, null)]
    [InlineData(null, null, null, 51)]
    public async Task Bad_list_input_is_refused_before_any_request(int? pageSize, string? sourceType, int? departmentLength, int? levelLength)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var filter = new PersonnelOperation.Filter
        {
            EventId = LockedEvent,
            SourceType = sourceType,
            Department = departmentLength is { } d ? new string('d', d) : null,
            Level = levelLength is { } l ? new string('l', l) : null,
        };

        var error = await Assert.ThrowsAsync<LensmorException>(() =>
            PersonnelOperation.ListAsync(session, RecordingHost.Yes(), filter, new PagingOptions { PageSize = pageSize }));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("a/b")]
    public async Task A_missing_or_bad_event_id_is_refused_before_any_request(string? eventId)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => PersonnelOperation.ListAsync(session, RecordingHost.Yes(), Of(eventId!), new PagingOptions()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task A_profile_is_read_by_id()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var id = server.World.PersonnelIdsOfEvent(LockedEvent, 1)[0];
        var host = RecordingHost.Yes();

        await PersonnelOperation.GetAsync(session, host, id);

        var person = Assert.Single(host.Output<Personnel>());
        Assert.Equal(id, person.PersonnelId);
        Assert.False(string.IsNullOrEmpty(person.Name));
        Assert.Equal("locked", person.ContactUnlockStatus);
        Assert.Null(person.Email);
    }

    [Fact]
    public async Task A_personnel_id_longer_than_20_characters_is_refused_before_any_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => PersonnelOperation.GetAsync(session, RecordingHost.Yes(), new string('7', 21)));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task A_LinkedIn_url_resolves_to_the_person_with_the_event_filled_in()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var listed = RecordingHost.Yes();
        await PersonnelOperation.ListAsync(session, listed, Of(LockedEvent), new PagingOptions { First = 1 });
        var known = Assert.Single(listed.Output<Personnel>());
        var host = RecordingHost.Yes();

        await PersonnelOperation.GetByLinkedInAsync(session, host, known.LinkedInUrl);

        var person = Assert.Single(host.Output<Personnel>());
        Assert.Equal(known.PersonnelId, person.PersonnelId);
        Assert.Equal(LockedEvent, person.EventId);
    }

    [Theory]
    [InlineData("https://example.com/in/jane")]
    [InlineData("")]
    public async Task A_url_that_is_not_LinkedIn_is_refused_before_any_request(string url)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => PersonnelOperation.GetByLinkedInAsync(session, RecordingHost.Yes(), url));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task The_events_of_a_person_are_listed_by_id_and_by_LinkedIn_url()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var eventId = server.World.EventIdAt(7);
        var listed = RecordingHost.Yes();
        await PersonnelOperation.ListAsync(session, listed, Of(eventId), new PagingOptions { First = 1 });
        var person = Assert.Single(listed.Output<Personnel>());

        var byId = RecordingHost.Yes();
        await PersonnelEventsOperation.ListAsync(session, byId, person.PersonnelId, new PagingOptions());
        var byUrl = RecordingHost.Yes();
        await PersonnelEventsOperation.ListByLinkedInAsync(session, byUrl, person.LinkedInUrl, new PagingOptions { IncludeTotalCount = true });

        Assert.Equal(eventId, Assert.Single(byId.Output<Event>()).EventId);
        Assert.Equal(eventId, Assert.Single(byUrl.Output<Event>()).EventId);
        Assert.Equal(1, Assert.Single(byUrl.TotalCounts));
        Assert.Equal(1, server.Requests.Count("GET", "/external/personnel/events/by-linkedin"));
    }

    [Fact]
    public async Task Contact_search_streams_people_of_matching_companies_and_First_stops_the_requests()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ContactSearchOperation.ListAsync(session, host, "acme", null, null, new PagingOptions { PageSize = 10, First = 15 });

        var people = host.Output<Personnel>().ToList();
        Assert.Equal(15, people.Count);
        Assert.All(people, p => Assert.Contains("acme", p.CompanyName, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, server.Requests.Count("GET", "/external/contacts/search"));
        Assert.Contains("company_name=acme", server.Requests.All[0].Query);
    }

    [Fact]
    public async Task Contact_search_passes_role_and_name()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await ContactSearchOperation.ListAsync(session, host, "acme", "VP", null, new PagingOptions());

        Assert.All(host.Output<Personnel>(), p => Assert.True(
            p.Title!.Contains("VP", StringComparison.OrdinalIgnoreCase) || p.Department!.Contains("VP", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("role=VP", server.Requests.All[0].Query);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData("acme", 201)]
    public async Task Contact_search_input_is_checked_before_any_request(string? company, int? roleLength)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => ContactSearchOperation.ListAsync(
            session, RecordingHost.Yes(), company, roleLength is { } r ? new string('r', r) : null, null, new PagingOptions()));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Empty(server.Requests.All);
    }
}
