using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Issue 13.3 in the engine: a run's plan reads go out together and answer out of order (the sandbox's latency has
/// jitter here), yet What if lines, prompts and receipts come in the order the events were piped.
/// </summary>
public sealed class PlanOrderEngineTests
{
    private static Task<EngineSession> Start() =>
        EngineSession.StartAsync(sandbox: o =>
        {
            o.SubscriptionBalance = 100_000;
            o.LatencyMs = 60;
            o.LatencyJitterMs = 55;
        });

    [Fact]
    public async Task What_if_lines_follow_the_piped_order_and_no_event_is_read_again()
    {
        await using var engine = await Start();
        var names = engine.Run("Get-LensmorEvent -First 12 | ForEach-Object { \"event '$($_.Name)' ($($_.EventId))\" }").ThrowOnError()
            .Output.Select(o => (string)o.BaseObject).ToList();
        engine.Sandbox!.Requests.Clear();

        var run = engine.Run("$events = Get-LensmorEvent -First 12; $events | Unlock-LensmorEvent -WhatIf").ThrowOnError();

        var lines = run.WhatIfLines.SkipLast(1).ToList();
        Assert.Equal(12, lines.Count);
        for (var i = 0; i < names.Count; i++)
        {
            Assert.EndsWith($"on target \"{names[i]}\".", lines[i], StringComparison.Ordinal);
        }

        Assert.Equal("What if: in total this run would spend 24,000 credits to unlock 12 events.", run.WhatIfLines[^1]);
        var requests = engine.Sandbox.Requests.All;
        Assert.Equal(12, requests.Count(r => r.Path == "/external/actions/precheck"));
        Assert.DoesNotContain(requests, r => r.Method == "GET" && r.Path.StartsWith("/external/events/", StringComparison.Ordinal) && r.Path != "/external/events/list");
    }

    [Fact]
    public async Task Prompts_and_receipts_follow_the_piped_order()
    {
        await using var engine = await Start();
        var ids = engine.Run("Get-LensmorEvent -First 4 | ForEach-Object EventId").ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
        engine.Ui.Answer("Yes", "Yes", "Yes", "Yes");

        var run = engine.Run("Get-LensmorEvent -First 4 | Unlock-LensmorEvent").ThrowOnError();

        Assert.Equal(4, engine.Ui.Prompts.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Contains($"({ids[i]})", engine.Ui.Prompts[i].Message, StringComparison.Ordinal);
            Assert.Contains($"{i + 1} of 4, run total 8,000 credits", engine.Ui.Prompts[i].Message, StringComparison.Ordinal);
        }

        Assert.Equal(ids, run.Output.Select(o => (string)o.Properties["EventId"].Value));
        Assert.Equal(4, engine.Sandbox!.Ledger.Charges.Count);
    }
}
