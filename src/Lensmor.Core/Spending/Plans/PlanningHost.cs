using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// The host a -PlanPath run plans and checks through: to the skeleton it is -WhatIf (nothing is asked, sent,
/// held or journalled), but it prints no What if lines unless the user said -WhatIf too, and the rows a plan
/// step writes (an event already unlocked) become verbose lines: the run's output is the plan object.
/// </summary>
internal sealed class PlanningHost(ILensmorHost inner) : ILensmorHost
{
    public static ILensmorHost For(ILensmorHost host, PlanRequest? request) => request == null ? host : new PlanningHost(host);

    /// <summary>-PlanPath -WhatIf: the user asked for the rehearsal, and for no file.</summary>
    public static bool UserSaidWhatIf(ILensmorHost host) => host is PlanningHost planning ? planning.Inner.IsWhatIf : host.IsWhatIf;

    public ILensmorHost Inner { get; } = inner;
    public CancellationToken CancellationToken => Inner.CancellationToken;
    public bool IsWhatIf => true;
    public bool IsDebugEnabled => Inner.IsDebugEnabled;

    public bool ShouldProcess(string target, string action)
    {
        if (Inner.IsWhatIf)
        {
            return Inner.ShouldProcess(target, action);
        }

        Inner.WriteVerbose($"Planned: {action} on {target}.");
        return false;
    }

    public void WriteHostLine(string message)
    {
        if (Inner.IsWhatIf)
        {
            Inner.WriteHostLine(message);
        }
        else
        {
            Inner.WriteVerbose(message.StartsWith("What if: ", StringComparison.Ordinal) ? "Planned: " + message.Substring(9) : message);
        }
    }

    public void WriteObject(object item) => Inner.WriteVerbose($"Not written under -PlanPath: {item}");
    public void WriteError(LensmorException error) => Inner.WriteError(error);
    public void WriteVerbose(string message) => Inner.WriteVerbose(message);
    public void WriteDebug(string message) => Inner.WriteDebug(message);
    public void WriteWarning(string message) => Inner.WriteWarning(message);
    public void WriteInformation(object data, params string[] tags) => Inner.WriteInformation(data, tags);
    public void WriteProgress(LensmorProgress progress) => Inner.WriteProgress(progress);
    public void WriteTotalCount(long total) => Inner.WriteTotalCount(total);
}
