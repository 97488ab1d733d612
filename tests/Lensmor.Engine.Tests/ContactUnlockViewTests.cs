using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// The contact unlock results as a user sees them (issues 16.3 and 16.4): a typical email fits whole at 80
/// columns, and a -NoWait run that writes results and tasks stays one table instead of a table and then a list.
/// </summary>
public sealed class ContactUnlockViewTests
{
    private static List<string> Lines(EngineResult result) =>
        result.Text.Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    public async Task A_long_typical_email_fits_whole(int width)
    {
        await using var engine = await EngineSession.StartAsync(connect: false, width: width);
        const string email = "olivia.schmidt@radiantsolutionsgmbh.example.com";
        var lines = Lines(engine.Run("""
            [Lensmor.ContactUnlockResult]@{ PersonnelId = '7000001'; EventId = '139001'; Channel = 'Email'; Status = 'AlreadyUnlocked'; Email = $args[0] } | Out-String -Width $args[1]
            """, email, width).ThrowOnError());

        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} characters: {l}"));
        Assert.Contains(email, lines[2]);
        Assert.Contains("AlreadyUnlocked", lines[2]);
    }

    [Fact]
    public async Task The_sandboxs_own_emails_come_out_whole_at_80_columns_and_a_missing_one_says_why()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);
        var run = engine.Run("""
            $results = Get-LensmorPersonnel -EventId 139185 -First 12 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -Force -WarningAction SilentlyContinue
            $results | Out-String -Width 80
            ($results | Where-Object Email).Email
            ($results | Where-Object { -not $_.Email }).ErrorCode
            """).ThrowOnError();

        var table = run.Output[0].ToString();
        foreach (var email in run.Output.Skip(1).Select(o => o.ToString()).Where(t => t.Contains('@')))
            Assert.Contains(email, table);
        foreach (var code in run.Output.Skip(1).Select(o => o.ToString()).Where(t => !t.Contains('@')))
            Assert.Contains($"[{code}]", table);
        Assert.All(table.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
    }

    [Fact]
    public async Task NoWait_results_and_tasks_are_one_table()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);
        engine.Run("Get-LensmorPersonnel -EventId 139185 -First 2 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -Force -WarningAction SilentlyContinue").ThrowOnError();

        var lines = Lines(engine.Run("""
            Get-LensmorPersonnel -EventId 139185 -First 4 -WarningAction SilentlyContinue |
                Unlock-LensmorContactEmail -NoWait -Force -WarningAction SilentlyContinue | Out-String -Width 80
            """).ThrowOnError());

        Assert.Equal(new[] { "PersonnelId", "Status", "Contact" }, lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2 + 3, lines.Count);   // header, rule, two results, one task
        Assert.DoesNotContain(lines, l => l.StartsWith("TaskId ", StringComparison.Ordinal) || l.Contains(" : ", StringComparison.Ordinal));
        Assert.Matches(@"^2 in task\s+accepted\s+task \d+: pipe to Wait-LensmorContactUnlockTask$", lines[^1]);
    }
}
