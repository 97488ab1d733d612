using System.Management.Automation;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell;

/// <summary>
/// Base of the seven paid cmdlets that run the paid-run skeleton: -PlanPath writes the run's plan instead of
/// spending (gathered, priced and checked exactly as the real run, never a prompt), and -PlanExpiresIn says how
/// long it stays valid. Invoke-LensmorPlan applies such a file.
/// </summary>
public abstract class LensmorPaidRunCmdlet : LensmorPaidCmdlet
{
    private string? planFile;

    /// <summary>Writes the plan (JSON) to this file instead of spending; nothing is sent, charged or asked.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PlanPath { get; set; }

    /// <summary>How long the written plan stays valid (default 24 hours); only with -PlanPath.</summary>
    [Parameter]
    public TimeSpan? PlanExpiresIn { get; set; }

    /// <summary>Checks -PlanPath and -PlanExpiresIn before anything else, then starts the run.</summary>
    protected sealed override void Begin()
    {
        if (PlanExpiresIn != null && PlanPath == null)
        {
            throw LensmorException.InvalidArgument("-PlanExpiresIn applies to a plan, and no -PlanPath was given. Nothing was sent.", "PlanExpiresIn",
                "Add -PlanPath <file> to write a plan, or leave -PlanExpiresIn out.");
        }

        if (PlanPath != null)
        {
            PlanRequest.EnsureValidity(PlanExpiresIn);
            planFile = PlanFiles.ForWriting(this, PlanPath);
        }

        BeginRun();
    }

    /// <summary>What <see cref="LensmorCmdlet.Begin"/> is for the other cmdlets: builds the run (after -PlanPath is checked).</summary>
    protected abstract void BeginRun();

    /// <summary>The run's own parameters as its plan records them (Core's PlannedRuns reads them back); PlanRequest adds -MaxCredits.</summary>
    protected abstract List<KeyValuePair<string, string>> PlanParameters();

    /// <summary>Runs the gathered run; with -PlanPath, it writes the plan instead of spending.</summary>
    protected void RunPaid(IPaidRun paid, Func<ILensmorHost, Task> run)
    {
        if (planFile != null)
        {
            paid.PlanTo = new PlanRequest(planFile, PlanExpiresIn, PlanParameters(), MaxCredits);
        }

        Run(run);
    }
}

/// <summary>Plan file paths as cmdlets take them: PowerShell paths resolved to the file system, checked before any request.</summary>
internal static class PlanFiles
{
    /// <summary>-PlanPath: a file in a folder that exists (the file itself is replaced if it exists).</summary>
    public static string ForWriting(PSCmdlet cmdlet, string path)
    {
        var file = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        if (provider.Name != "FileSystem")
        {
            throw LensmorException.InvalidArgument($"-PlanPath '{path}' is not a file-system path. Nothing was sent.", path, "Pass a file path such as .\\plan.json.");
        }

        if (Directory.Exists(file))
        {
            throw LensmorException.InvalidArgument($"-PlanPath '{path}' is a folder. Nothing was sent.", path, "Pass a file name in it, such as " + Path.Combine(path, "plan.json") + ".");
        }

        var folder = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            throw LensmorException.InvalidArgument($"The folder of -PlanPath '{path}' ({folder}) does not exist. Nothing was sent.", path, "Create the folder first, or pass a path in a folder that exists.");
        }

        return file;
    }

    /// <summary>-Path of Get-LensmorPlan and Invoke-LensmorPlan: wildcards expand; a path that matches nothing is LensmorPlanUnreadable.</summary>
    public static IReadOnlyList<string> ForReading(PSCmdlet cmdlet, string path)
    {
        try
        {
            var files = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
            return provider.Name == "FileSystem" ? files.ToList() : throw NotFound(path);
        }
        catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
        {
            throw NotFound(path);
        }
    }

    private static LensmorException NotFound(string path) =>
        new(ErrorIds.PlanUnreadable, LensmorErrorCategory.ObjectNotFound, $"There is no plan file '{path}'. Nothing was sent and nothing was charged.",
            "Pass the path of a plan written by a paid cmdlet's -PlanPath (Tab completes plan files).", isTerminating: false, path);
}
