using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Piped events read ahead by Get-LensmorPersonnel (-ThrottleLimit; Get-LensmorExhibitor runs the same PipedLists): output in input
/// order, a bad item reported in its place, Stop() that stops the requests, and bad input refused once. (How far
/// events read ahead before Select-Object -First stops them is bounded by their queues: OrderedPipelineTests.)
/// </summary>
public sealed class PipedListTests
{
    [Fact]
    public async Task Rows_come_in_input_order_and_a_missing_event_is_an_error_in_its_place()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Run("Unlock-LensmorEvent -Id 139002, 139003 -Force").ThrowOnError();

        var run = engine.Run("'139003', '999999', '139002' | Get-LensmorPersonnel -ThrottleLimit 3 | ForEach-Object EventId");

        Assert.Equal(new[] { "LensmorNotFound" }, run.ErrorIds);
        Assert.Null(run.Terminating);
        var order = run.Output.Select(o => (string)o.BaseObject).Distinct().ToList();
        Assert.Equal(new[] { "139003", "139002" }, order);
    }

    [Fact]
    public async Task A_ThrottleLimit_out_of_range_is_refused_once_before_any_request()
    {
        await using var engine = await EngineSession.StartAsync();
        engine.Sandbox!.Requests.Clear();

        var run = engine.Run("'139002', '139003' | Get-LensmorPersonnel -ThrottleLimit 0");

        Assert.Equal(new[] { "LensmorInvalidArgument" }, run.ErrorIds); // one error for the command, not one per piped event
        Assert.Empty(engine.Sandbox.Requests.All);
    }

    [Fact]
    public async Task Stop_ends_a_long_read_ahead_and_the_command_reports_it_stopped()
    {
        await using var engine = await EngineSession.StartAsync(sandbox: o => o.LatencyMs = 50);
        engine.Run("Unlock-LensmorEvent -Id 139002, 139003 -Force").ThrowOnError();

        var (shell, pending) = engine.Begin("'139002', '139003' | Get-LensmorPersonnel -PageSize 1");
        Assert.True(await Eventually(() => engine.Sandbox!.Requests.All.Count(r => r.Path.StartsWith("/external/personnel/list", StringComparison.Ordinal)) >= 3));
        shell.Stop();
        using (shell)
        {
            Assert.Throws<System.Management.Automation.PipelineStoppedException>(() => shell.EndInvoke(pending));
        }

        // The two events hold several hundred people, one a page: nothing near that many pages was read.
        await Task.Delay(300);
        Assert.InRange(engine.Sandbox!.Requests.All.Count(r => r.Path.StartsWith("/external/personnel/list", StringComparison.Ordinal)), 3, 50);
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition()) return true;
            await Task.Delay(25);
        }

        return condition();
    }
}
