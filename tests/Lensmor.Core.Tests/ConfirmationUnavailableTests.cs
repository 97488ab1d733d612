using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// A paid run whose prompt cannot be shown (pwsh -NonInteractive, a scheduled task, a host without a UI) spends
/// nothing and says what a script should do instead: -Force or -Confirm:$false.
/// </summary>
public class ConfirmationUnavailableTests
{
    private const string HostReason = "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.";

    /// <summary>A pipeline host like the module's in pwsh -NonInteractive: every prompt fails, as CannotAsk.</summary>
    private sealed class NonInteractivePipeline : FakeHost
    {
        public int Prompts { get; private set; }

        public override bool ShouldProcess(string target, string action)
        {
            Prompts++;
            throw ConfirmationPolicy.CannotAsk(target, action, HostReason, new InvalidOperationException(HostReason));
        }
    }

    [Fact]
    public void The_error_names_the_purchase_the_hosts_reason_and_the_switches_that_decide_it()
    {
        var error = ConfirmationPolicy.CannotAsk("event 'CES 2027' (139001)", "Unlock event access for 2,000 credits", HostReason);

        Assert.Equal(ErrorIds.ConfirmationUnavailable, error.ErrorId);
        Assert.Equal(LensmorErrorCategory.InvalidOperation, error.Category);
        Assert.True(error.IsTerminating);
        Assert.Equal("event 'CES 2027' (139001)", error.TargetObject);
        Assert.Contains("\"Unlock event access for 2,000 credits\" on event 'CES 2027' (139001)", error.Message);
        Assert.Contains("NonInteractive mode. Read and Prompt functionality is not available. Nothing was sent", error.Message);
        Assert.Contains("add -Force (or -Confirm:$false)", error.Message);
        Assert.Contains("-WhatIf", error.RecommendedAction);
        Assert.Contains("-MaxCredits", error.RecommendedAction);
    }

    [Fact]
    public async Task A_run_whose_first_prompt_cannot_be_shown_stops_before_any_paid_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        using var session = temp.Session(server);
        var run = new EventUnlockOperation(session);
        var first = server.World.EventIdAt(0);
        run.Add(first);
        run.Add(server.World.EventIdAt(1));
        var pipeline = new NonInteractivePipeline();

        // Through the bridge, as the module runs it: the prompt fails on the pipeline thread.
        var error = Assert.Throws<LensmorException>(() => PipelineBridge.Run(pipeline, CancellationToken.None, run.RunAsync));

        Assert.Equal(ErrorIds.ConfirmationUnavailable, error.ErrorId);
        Assert.Contains($"({first})", error.Message);
        Assert.Contains("-Force", error.Message);
        Assert.Equal(1, pipeline.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Empty(server.Ledger.Charges);
        Assert.DoesNotContain(server.ApiKey, error.ToString());
    }
}
