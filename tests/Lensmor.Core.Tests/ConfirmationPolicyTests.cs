using Lensmor.Core.Hosting;

namespace Lensmor.Core.Tests;

/// <summary>
/// -WhatIf beats -Force, and -Force beats -Confirm (ConfirmationPolicy lives in Core to be tested here; before
/// issue 13 only the engine suite caught a swapped order). The engine's ShouldProcess is the delegate: with
/// -WhatIf it prints the What if line, with -Confirm it prompts, and the answer is what the user gave.
/// </summary>
public class ConfirmationPolicyTests
{
    [Theory]
    [InlineData(true, true, true, false, 1)]    // -WhatIf -Force: the What if line, nothing sent, even if the host said yes
    [InlineData(true, false, true, false, 1)]   // -WhatIf
    [InlineData(true, false, false, false, 1)]
    [InlineData(false, true, false, true, 0)]   // -Force -Confirm: no prompt, although the user would have said no
    [InlineData(false, true, true, true, 0)]
    [InlineData(false, false, true, true, 1)]   // -Confirm (or ConfirmImpact High): the user's answer decides
    [InlineData(false, false, false, false, 1)]
    public void WhatIf_beats_Force_and_Force_beats_Confirm(bool whatIf, bool force, bool userSaysYes, bool proceeds, int engineCalls)
    {
        var calls = 0;

        var result = ConfirmationPolicy.ShouldProceed(whatIf, force, () =>
        {
            calls++;
            return userSaysYes;
        });

        Assert.Equal(proceeds, result);
        Assert.Equal(engineCalls, calls);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData("", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("yes", true)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_preference_variable_reads_as_PowerShell_stores_or_a_script_assigns_it(object? value, bool expected) =>
        Assert.Equal(expected, ConfirmationPolicy.IsTruthy(value));
}
