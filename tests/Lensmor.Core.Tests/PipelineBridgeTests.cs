using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Tests;

public class PipelineBridgeTests
{
    private sealed class ThreadCheckingPipeline : IPipelineHost
    {
        private readonly int pipelineThread = Environment.CurrentManagedThreadId;
        private readonly int? stopAfter;

        public ThreadCheckingPipeline(int? stopAfter = null, bool answer = true)
        {
            this.stopAfter = stopAfter;
            Answer = answer;
        }

        public bool Answer { get; }
        public List<object> Objects { get; } = new();
        public List<string> Lines { get; } = new();
        public int CallsOffThread { get; private set; }
        public bool IsWhatIf => false;
        public bool IsDebugEnabled => false;

        private void Check()
        {
            if (Environment.CurrentManagedThreadId != pipelineThread)
            {
                CallsOffThread++;
            }
        }

        public bool ShouldProcess(string target, string action) { Check(); Lines.Add("prompt " + target); return Answer; }
        public void WriteObject(object item)
        {
            Check();
            Objects.Add(item);
            if (stopAfter is { } n && Objects.Count >= n)
            {
                // What Select-Object -First does to the upstream cmdlet.
                throw new InvalidOperationException("pipeline stopped");
            }
        }

        public void WriteError(LensmorException error) { Check(); Lines.Add("error " + error.ErrorId); }
        public void WriteVerbose(string message) { Check(); Lines.Add(message); }
        public void WriteDebug(string message) { Check(); Lines.Add(message); }
        public void WriteWarning(string message) { Check(); Lines.Add(message); }
        public void WriteInformation(object data, string[] tags) { Check(); Lines.Add(data.ToString()!); }
        public void WriteHostLine(string message) { Check(); Lines.Add(message); }
        public void WriteProgress(LensmorProgress progress) { Check(); Lines.Add(progress.Status); }
        public void WriteTotalCount(long total) { Check(); Lines.Add("total " + total); }
    }

    [Fact]
    public void Every_host_call_runs_on_the_pipeline_thread_in_order()
    {
        var pipeline = new ThreadCheckingPipeline();

        PipelineBridge.Run(pipeline, CancellationToken.None, async host =>
        {
            await Task.Yield();
            host.WriteVerbose("one");
            await Task.Delay(5);
            Assert.True(host.ShouldProcess("t", "a"));
            host.WriteObject(1);
            host.WriteWarning("two");
            host.WriteProgress(new LensmorProgress(1, "act", "three"));
            host.WriteObject(2);
        });

        Assert.Equal(0, pipeline.CallsOffThread);
        Assert.Equal(new object[] { 1, 2 }, pipeline.Objects);
        Assert.Equal(new[] { "one", "prompt t", "two", "three" }, pipeline.Lines);
    }

    [Fact]
    public void Operation_errors_reach_the_caller_unchanged()
    {
        var error = Assert.Throws<LensmorException>(() => PipelineBridge.Run(new ThreadCheckingPipeline(), CancellationToken.None, async _ =>
        {
            await Task.Yield();
            throw LensmorException.InvalidArgument("bad", "x", "fix it");
        }));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
    }

    [Fact]
    public void A_pipeline_that_stops_consuming_cancels_the_operation_and_bounds_what_it_produced()
    {
        var pipeline = new ThreadCheckingPipeline(stopAfter: 3);
        var produced = 0;
        var cancelled = false;

        Assert.Throws<InvalidOperationException>(() => PipelineBridge.Run(pipeline, CancellationToken.None, async host =>
        {
            try
            {
                for (var i = 0; i < 100_000; i++)
                {
                    host.WriteObject(i);
                    produced++;
                    if (i % 100 == 0)
                    {
                        await Task.Yield();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }, capacity: 8));

        Assert.True(cancelled);
        Assert.Equal(3, pipeline.Objects.Count);
        Assert.True(produced <= 3 + 8 + 1, $"produced {produced} items although the pipeline took 3 and the queue holds 8");
    }

    [Fact]
    public void The_caller_token_cancels_the_operation()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAny<OperationCanceledException>(() => PipelineBridge.Run(new ThreadCheckingPipeline(), stop.Token, async host =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), host.CancellationToken);
        }));
    }

    [Theory]
    [InlineData(true, true, true, false)]
    [InlineData(true, false, true, false)]
    [InlineData(false, true, false, true)]
    [InlineData(false, false, true, true)]
    [InlineData(false, false, false, false)]
    public void WhatIf_beats_Force_beats_Confirm(bool whatIf, bool force, bool userSaysYes, bool expected)
    {
        var asked = 0;

        var proceed = ConfirmationPolicy.ShouldProceed(whatIf, force, () => { asked++; return userSaysYes && !whatIf; });

        Assert.Equal(expected, proceed);
        Assert.Equal(force && !whatIf ? 0 : 1, asked);
    }

    private readonly struct FakeSwitch
    {
        public FakeSwitch(bool isPresent) => IsPresent = isPresent;

        public bool IsPresent { get; }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData("true", true)]
    [InlineData("", false)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void A_preference_variable_reads_as_PowerShell_would(object? value, bool expected)
    {
        Assert.Equal(expected, ConfirmationPolicy.IsTruthy(value));
    }

    [Fact]
    public void A_switch_valued_preference_reads_by_IsPresent()
    {
        Assert.True(ConfirmationPolicy.IsTruthy(new FakeSwitch(true)));
        Assert.False(ConfirmationPolicy.IsTruthy(new FakeSwitch(false)));
    }
}
