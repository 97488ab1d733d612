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
}
