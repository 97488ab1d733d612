namespace Lensmor.Core.Tests;

/// <summary>Keeps the README's first command true: the rehearsal runs the main job against the sandbox.</summary>
public class RehearsalTests
{
    [Fact]
    public async Task The_rehearsal_runs_the_main_job_against_the_sandbox()
    {
        var output = new StringWriter();

        var exitCode = await Lensmor.Rehearsal.Program.RunAsync(output);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("What if: in total this run would spend 4,000 credits to unlock 2 events.", text);
        Assert.Contains("ERROR [LensmorMaxCreditsExceeded]", text);
        Assert.Contains("Outcome               : Unlocked", text);
        Assert.Contains("Outcome               : AlreadyUnlocked", text);
        Assert.Contains("Ledger: 2 charges, 2,050 credits in all; balance 28,000.", text);
        Assert.Contains("ExpectedCredits       : 2000\n", text.Replace("\r\n", "\n"));
    }
}
