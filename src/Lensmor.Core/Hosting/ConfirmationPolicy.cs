using Lensmor.Core.Errors;

namespace Lensmor.Core.Hosting;

/// <summary>
/// The rule AWS Tools for PowerShell made familiar: -WhatIf always wins, then -Force, then -Confirm
/// and ConfirmImpact. Kept here, away from the engine, so it is tested.
/// </summary>
public static class ConfirmationPolicy
{
    public static bool ShouldProceed(bool whatIf, bool force, Func<bool> shouldProcess)
    {
        if (whatIf)
        {
            // Let the engine print its "What if:" line; it always answers no.
            shouldProcess();
            return false;
        }

        return force || shouldProcess();
    }

    /// <summary>
    /// The prompt a paid run needs could not be shown: pwsh -NonInteractive (a scheduled task, CI) or a host
    /// without a UI. The host's own words ("Read and Prompt functionality is not available") do not say what a
    /// script should do about it, so this names the purchase and the switches that decide it without a prompt.
    /// Terminating: every further target of the run would need the same prompt.
    /// </summary>
    /// <param name="reason">Why the host could not ask, in its own words.</param>
    public static LensmorException CannotAsk(string target, string action, string reason, Exception? inner = null)
    {
        var why = reason.Trim().TrimEnd('.');
        return new LensmorException(ErrorIds.ConfirmationUnavailable, LensmorErrorCategory.InvalidOperation,
            $"Cannot ask to confirm \"{action}\" on {target}: {why}. Nothing was sent and nothing was charged. " +
            "To spend without a prompt, add -Force (or -Confirm:$false).",
            "In a script that runs unattended, -Force (or -Confirm:$false) says the spend is meant and -MaxCredits caps it; -WhatIf rehearses the run without spending.",
            isTerminating: true, target, inner: inner);
    }

    /// <summary>
    /// How a preference variable such as $WhatIfPreference reads: PowerShell stores a SwitchParameter or a bool,
    /// and a script may assign a string or number. (Core sees the engine's value only as object.)
    /// </summary>
    public static bool IsTruthy(object? value)
    {
        var raw = value?.GetType().GetProperty("IsPresent")?.GetValue(value) ?? value;
        return raw switch
        {
            null => false,
            bool b => b,
            string text => text.Length > 0 && !string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) && text != "0",
            IConvertible number => Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture) != 0,
            _ => true,
        };
    }
}
