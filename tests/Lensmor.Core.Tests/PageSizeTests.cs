using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>Every list asks for the largest page its route serves (the contract's maximum), unless told otherwise.</summary>
public class PageSizeTests
{
    public static TheoryData<string, string, int> Lists => new()
    {
        { "events", "/external/events/list", 100 },
        { "exhibitors", "/external/exhibitors/list", 100 },
        { "exhibitor events", "/external/exhibitors/events", 100 },
        { "personnel", "/external/personnel/list", 50 },
        { "personnel events", "/external/personnel/events", 100 },
        { "contacts", "/external/contacts/search", 100 },
        { "recommended exhibitors", "/external/profile-matching/recommendations/exhibitors", 100 },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_list_asks_for_full_pages_by_default(string list, string route, int routeMax)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await Run(list, session, server, new PagingOptions());

        var first = server.Requests.All.First(r => r.Path == route);
        Assert.Contains($"pageSize={routeMax}", first.Query);
    }

    [Theory]
    [InlineData(null, 7, 7)]
    [InlineData(null, 250, 100)]
    [InlineData(30, 5, 35)]
    [InlineData(null, null, 100)]
    public void A_small_first_asks_for_one_page_of_exactly_what_it_needs(int? skip, int? first, int expected)
    {
        var paging = new PagingOptions { Skip = (ulong)(skip ?? 0), First = first is { } f ? (ulong)f : null };

        Assert.Equal(expected, paging.ResolvePageSize(100));
    }

    [Fact]
    public async Task An_explicit_page_size_wins()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        await EventCatalogOperation.ListAsync(session, RecordingHost.Yes(), new EventCatalogOperation.Filter(), new PagingOptions { PageSize = 20, First = 20 });

        Assert.Contains("pageSize=20", Assert.Single(server.Requests.All).Query);
    }

    private static Task Run(string list, LensmorSession session, SandboxServer server, PagingOptions paging)
    {
        var host = RecordingHost.Yes();
        var eventId = TestSandbox.PaidEventId;
        var exhibitorId = server.World.ExhibitorIdsOfEvent(eventId)[0];
        return list switch
        {
            "events" => EventCatalogOperation.ListAsync(session, host, new EventCatalogOperation.Filter(), paging),
            "exhibitors" => ExhibitorCatalogOperation.ListAsync(session, host, eventId, new ExhibitorCatalogOperation.Filter(), paging),
            "exhibitor events" => ExhibitorEventsOperation.ListAsync(session, host, exhibitorId, paging),
            "personnel" => PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId }, paging),
            "personnel events" => PersonnelEventsOperation.ListAsync(session, host, "7000001", paging),
            "contacts" => ContactSearchOperation.ListAsync(session, host, "acme", null, null, paging),
            "recommended exhibitors" => RecommendedExhibitorOperation.ListAsync(session, host, eventId, new RecommendedExhibitorOperation.Filter(), paging),
            _ => throw new ArgumentOutOfRangeException(nameof(list)),
        };
    }
}
