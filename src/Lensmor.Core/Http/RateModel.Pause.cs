using System.Globalization;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Http;

// How a wait for the rate limit is shown: a wait the user can feel as progress, and in -Verbose.
public sealed partial class RateModel
{
    /// <summary>A wait the user can feel is shown as progress (and in -Verbose).</summary>
    internal static readonly TimeSpan FeltWait = TimeSpan.FromSeconds(1);

    /// <param name="reason">Why the request waits (a 429's retry), already written to -Verbose; without it the pacing line is.</param>
    private static void StartPause(ILensmorHost host, TimeSpan wait, string? reason)
    {
        var seconds = wait.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (reason == null)
        {
            host.WriteVerbose($"Pacing at Lensmor's rate limit: waiting {seconds} s before the next request.");
        }

        host.WriteProgress(new LensmorProgress(ProgressActivityId, "Lensmor rate limit", $"Waiting {seconds} s for the rate limit"));
    }

    private static void EndPause(ILensmorHost host)
    {
        if (!host.CancellationToken.IsCancellationRequested)
        {
            host.WriteProgress(new LensmorProgress(ProgressActivityId, "Lensmor rate limit", "Done", 100, completed: true));
        }
    }
}
