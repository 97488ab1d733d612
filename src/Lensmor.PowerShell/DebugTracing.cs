using System.Management.Automation;
using System.Reflection;

namespace Lensmor.PowerShell;

/// <summary>
/// Makes -Debug a tracing switch that never prompts, as it is for advanced functions.
/// </summary>
/// <remarks>
/// For compiled cmdlets the engine still treats -Debug as PowerShell 2 did: unless -Verbose or -WarningAction is
/// also given, every WriteVerbose and WriteWarning asks "Continue with this operation?". In `pwsh -NonInteractive`
/// (scheduled scripts) that question is an error that stops the cmdlet, even with -Force, and interactively it
/// interrupts a paid run between its precheck and its request. An advanced function given -Debug just writes its
/// verbose and warning messages according to $VerbosePreference and $WarningPreference; this gives our cmdlets
/// the same behaviour. The engine offers no public way to change a cmdlet's own preferences after binding, so the
/// runtime's internal switches are set by reflection (the same ones -Verbose and -WarningAction set); if they
/// are missing in some engine version, nothing changes and the engine's behaviour stays.
/// </remarks>
internal static class DebugTracing
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static void StopInquiries(LensmorCmdlet cmdlet)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        if (!(bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter on && on.IsPresent))
        {
            return;
        }

        var runtime = cmdlet.CommandRuntime;
        var type = runtime?.GetType();
        if (type is null)
        {
            return;
        }

        // Only the plain preferences are carried over; a caller who set Inquire or Stop keeps the engine's behaviour.
        var verbose = cmdlet.PreferenceVariable("VerbosePreference") ?? ActionPreference.SilentlyContinue;
        if (!bound.ContainsKey("Verbose") && verbose is ActionPreference.Continue or ActionPreference.SilentlyContinue or ActionPreference.Ignore)
        {
            Set(type, runtime!, "Verbose", verbose == ActionPreference.Continue);
        }

        var warning = cmdlet.PreferenceVariable("WarningPreference") ?? ActionPreference.Continue;
        if (!bound.ContainsKey("WarningAction") && warning is ActionPreference.Continue or ActionPreference.SilentlyContinue or ActionPreference.Ignore)
        {
            Set(type, runtime!, "WarningPreference", warning);
        }
    }

    private static void Set(Type type, object runtime, string property, object value)
    {
        var setter = type.GetProperty(property, Internal)?.GetSetMethod(nonPublic: true);
        if (setter is null)
        {
            return;
        }

        var parameterType = setter.GetParameters()[0].ParameterType;
        if (value is bool flag && parameterType == typeof(SwitchParameter))
        {
            value = new SwitchParameter(flag);
        }

        if (parameterType.IsInstanceOfType(value))
        {
            setter.Invoke(runtime, new[] { value });
        }
    }
}
