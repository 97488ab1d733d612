using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell;

/// <summary>
/// The list of each piped input, run ahead of the pipeline with at most -ThrottleLimit at a time and written in
/// input order (<see cref="OrderedPipeline"/>): a list cmdlet calls Add from Process and Complete from End. The
/// cmdlet's own cancellation stops every list, and its error mapping reports their failures.
/// </summary>
/// <remarks>
/// For the run as a whole it keeps one <see cref="PreviewNotice"/> (one warning for all the events, written by
/// Complete) and, when the input is piped, one progress bar for this step: how many inputs were read and how many
/// rows written. Without it, "Get-LensmorEvent | Get-LensmorPersonnel" showed nothing while people were read, then
/// only the events' bar, which stands still while the slow step works.
/// </remarks>
internal sealed class PipedLists
{
    public const int ProgressActivityId = 4714;
    private const int RowsPerUpdate = 250;

    private readonly LensmorCmdlet cmdlet;
    private readonly string activity;
    private readonly string inputNoun;
    private readonly bool showProgress;
    private OrderedPipeline? pipeline;
    private int inputs;
    private long rows;

    /// <param name="noun">What the rows are ("people"), for the progress bar.</param>
    public PipedLists(LensmorCmdlet cmdlet, string noun, string inputNoun = "event")
    {
        this.cmdlet = cmdlet;
        this.inputNoun = inputNoun;
        activity = $"{cmdlet.MyInvocation.MyCommand.Name}: {noun} of the piped {inputNoun}s";
        showProgress = cmdlet.MyInvocation.ExpectingInput;
        Preview = new PreviewNotice(noun);
    }

    /// <summary>The run's preview notice: pass it to every list, and Complete reports it once.</summary>
    public PreviewNotice Preview { get; }

    /// <param name="input">The piped input, as the progress bar names it (an event id).</param>
    public void Add(int throttleLimit, string input, Func<ILensmorHost, Task> operation)
    {
        if (pipeline == null)
        {
            try
            {
                pipeline = new OrderedPipeline(new CountingHost(this, new PowerShellPipelineHost(cmdlet)), cmdlet.StopToken, throttleLimit, e => cmdlet.WriteFailure(e));
            }
            catch (LensmorException e)
            {
                // A bad -ThrottleLimit is wrong for every piped item: said once, and the command stops.
                cmdlet.WriteFailure(e, terminating: true);
                return;
            }
        }

        inputs++;
        ShowProgress($"{inputNoun} {inputs:N0} ({input}) started; {rows:N0} rows written");
        pipeline.Add(operation);
    }

    /// <summary>Writes what is left, then the run's one preview warning, and completes the bar.</summary>
    public void Complete()
    {
        pipeline?.Complete();
        foreach (var line in Preview.Summary())
        {
            cmdlet.WriteWarning(line);
        }

        if (showProgress && inputs > 0)
        {
            cmdlet.WriteProgress(new System.Management.Automation.ProgressRecord(ProgressActivityId, activity, $"{inputs:N0} {inputNoun}s read, {rows:N0} rows written")
            {
                RecordType = System.Management.Automation.ProgressRecordType.Completed,
            });
        }
    }

    private void ShowProgress(string status)
    {
        if (showProgress)
        {
            cmdlet.WriteProgress(new System.Management.Automation.ProgressRecord(ProgressActivityId, activity, status));
        }
    }

    /// <summary>Counts the rows as they are written (on the pipeline thread) and moves the bar on every few hundred.</summary>
    private sealed class CountingHost : IPipelineHost
    {
        private readonly PipedLists lists;
        private readonly IPipelineHost inner;

        public CountingHost(PipedLists lists, IPipelineHost inner)
        {
            this.lists = lists;
            this.inner = inner;
        }

        public bool IsWhatIf => inner.IsWhatIf;
        public bool IsDebugEnabled => inner.IsDebugEnabled;
        public bool ShouldProcess(string target, string action) => inner.ShouldProcess(target, action);

        public void WriteObject(object item)
        {
            inner.WriteObject(item);
            if (++lists.rows % RowsPerUpdate == 0)
            {
                lists.ShowProgress($"{lists.inputs:N0} {lists.inputNoun}s started; {lists.rows:N0} rows written");
            }
        }

        public void WriteError(LensmorException error) => inner.WriteError(error);
        public void WriteVerbose(string message) => inner.WriteVerbose(message);
        public void WriteDebug(string message) => inner.WriteDebug(message);
        public void WriteWarning(string message) => inner.WriteWarning(message);
        public void WriteInformation(object data, string[] tags) => inner.WriteInformation(data, tags);
        public void WriteHostLine(string message) => inner.WriteHostLine(message);
        public void WriteProgress(LensmorProgress progress) => inner.WriteProgress(progress);
        public void WriteTotalCount(long total) => inner.WriteTotalCount(total);
    }
}
