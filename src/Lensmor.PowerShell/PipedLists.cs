using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.PowerShell;

/// <summary>
/// The list of each piped input, run ahead of the pipeline with at most -ThrottleLimit at a time and written in
/// input order (<see cref="OrderedPipeline"/>): a list cmdlet calls Add from Process and Complete from End. The
/// cmdlet's own cancellation stops every list, and its error mapping reports their failures.
/// </summary>
internal sealed class PipedLists
{
    private readonly LensmorCmdlet cmdlet;
    private OrderedPipeline? pipeline;

    public PipedLists(LensmorCmdlet cmdlet)
    {
        this.cmdlet = cmdlet;
    }

    public void Add(int throttleLimit, Func<ILensmorHost, Task> operation)
    {
        if (pipeline == null)
        {
            try
            {
                pipeline = new OrderedPipeline(new PowerShellPipelineHost(cmdlet), cmdlet.StopToken, throttleLimit, e => cmdlet.WriteFailure(e));
            }
            catch (LensmorException e)
            {
                // A bad -ThrottleLimit is wrong for every piped item: said once, and the command stops.
                cmdlet.WriteFailure(e, terminating: true);
                return;
            }
        }

        pipeline.Add(operation);
    }

    public void Complete() => pipeline?.Complete();
}
