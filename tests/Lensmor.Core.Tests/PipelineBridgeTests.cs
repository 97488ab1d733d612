using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class PipelineBridgeTests
{
    /// <summary>Records every call and counts those made off the thread that created it (the pipeline thread).</summary>
    private sealed class ThreadCheckingPipeline : FakeHost
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

        public override bool ShouldProcess(string target, string action)
        {
            base.ShouldProcess(target, action);
            return Answer;
        }

        protected override void OnCall(HostCall call, object payload)
        {
            if (Environment.CurrentManagedThreadId != pipelineThread)
            {
                CallsOffThread++;
            }

            if (call == HostCall.Object)
            {
                Objects.Add(payload);
                if (stopAfter is { } n && Objects.Count >= n)
                {
                    // What Select-Object -First does to the upstream cmdlet.
                    throw new InvalidOperationException("pipeline stopped");
                }

                return;
            }

            Lines.Add(payload switch
            {
                ValueTuple<string, string> prompt => "prompt " + prompt.Item1,
                LensmorException error => "error " + error.ErrorId,
                LensmorProgress progress => progress.Status,
                long total => "total " + total,
                _ => payload.ToString()!,
            });
        }
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
}
