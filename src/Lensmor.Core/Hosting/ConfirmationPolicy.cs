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
