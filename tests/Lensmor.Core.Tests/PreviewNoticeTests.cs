using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>One preview notice for a run over many events (issue 16.5): the lists share it, and it is told once.</summary>
public class PreviewNoticeTests
{
    [Fact]
    public async Task Lists_that_share_a_notice_warn_nothing_themselves_and_the_run_is_summed_up_once()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        server.World.MarkEventUnlocked(server.World.EventIdAt(1));
        var host = RecordingHost.Yes();
        var notice = new PreviewNotice("people");

        foreach (var index in new[] { 2, 0, 1 })
        {
            await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = server.World.EventIdAt(index) }, new PagingOptions { First = 1 }, notice);
        }

        Assert.Empty(host.Warnings);
        var summary = Assert.Single(notice.Summary());
        Assert.StartsWith("2 of the 3 events read are in preview: 100 of ", summary);
        Assert.Contains($"Unlock-LensmorEvent -Id {server.World.EventIdAt(0)}, {server.World.EventIdAt(2)} (4,000 credits in all) lifts the limit", summary);
        Assert.Equal(2, host.Verbose.Count(v => v.Contains("is in preview", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pages_past_the_preview_of_several_events_are_one_line_too()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();
        var notice = new PreviewNotice("people");

        foreach (var index in new[] { 0, 1 })
        {
            await PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = server.World.EventIdAt(index) }, new PagingOptions { PageSize = 50, Skip = 50 }, notice);
        }

        var summary = Assert.Single(notice.Summary());
        Assert.StartsWith("For 2 of the 2 events read, the page asked for is past the preview window: locked, not empty.", summary);
    }

    [Fact]
    public void Nothing_read_in_preview_says_nothing() => Assert.Empty(new PreviewNotice("people").Summary());
}
