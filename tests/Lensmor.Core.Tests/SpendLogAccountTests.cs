using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>The spend log per account and endpoint (a sandbox's rehearsals never sum with real spend), its -Cmdlet check and its short targets.</summary>
public class SpendLogAccountTests
{
    private const string Real = "https://platform.lensmor.com sk_1a2b3c4d";

    [Fact]
    public async Task Rows_carry_their_account_and_endpoint_and_only_the_asked_accounts_are_read()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        var history = new JournalHistoryBuilder(temp.Path);
        history.Unlock("139777", DateTimeOffset.UtcNow.AddHours(-2), account: Real);
        history.Close();
        using var session = temp.Session(server);
        await new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, RecordingHost.Yes());

        var all = SpendLogOperation.Read(temp.Journal, RecordingHost.Yes()).ToList();
        var sandbox = Assert.Single(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes(), account: session.Account));
        var real = Assert.Single(SpendLogOperation.Read(temp.Journal, RecordingHost.Yes(), account: Real));

        Assert.Equal(2, all.Count);
        Assert.Equal(TestSandbox.PaidEventId, sandbox.Target);
        Assert.Equal(server.BaseUri.GetLeftPart(UriPartial.Authority), sandbox.BaseUri);
        Assert.Matches("^sk_[0-9a-f]{8}$", sandbox.Account);
        Assert.DoesNotContain(server.ApiKey, sandbox.Account);
        Assert.Equal("139777", real.Target);
        Assert.Equal("https://platform.lensmor.com", real.BaseUri);
        Assert.Equal("sk_1a2b3c4d", real.Account);
    }

    [Fact]
    public void A_Cmdlet_that_names_no_paid_cmdlet_is_an_error_that_lists_them()
    {
        var paid = new[] { "Unlock-LensmorEvent", "Unlock-LensmorContactEmail", "Search-LensmorExhibitorEvents" };

        var error = Assert.Throws<LensmorException>(() => SpendLogOperation.EnsureKnownCmdlet("Unlock-LensmorEvents", paid));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("'Unlock-LensmorEvents' is not a paid Lensmor cmdlet", error.Message);
        Assert.Contains("Search-LensmorExhibitorEvents, Unlock-LensmorContactEmail, Unlock-LensmorEvent", error.Message);
        Assert.Contains("Tab", error.RecommendedAction);
        SpendLogOperation.EnsureKnownCmdlet("unlock-lensmorevent", paid);
        SpendLogOperation.EnsureKnownCmdlet("Unlock-*", paid);
        SpendLogOperation.EnsureKnownCmdlet(null, paid);
        Assert.Throws<LensmorException>(() => SpendLogOperation.EnsureKnownCmdlet("Get-*", paid));
    }

    [Theory]
    [InlineData("139001", "139001")]
    [InlineData("Acme Corp", "Acme Corp")]
    [InlineData("139001:1390010001", "1 at 139001")]
    [InlineData("139001:1390010001; 139001:1390010002; 139001:1390010003", "3 at 139001")]
    [InlineData("139001:1; 139002:2; 139002:3", "3 at 2 events")]
    [InlineData("1390010001; 1390010002", "2 targets")]
    public void A_runs_targets_read_in_short(string target, string summary)
    {
        var row = new SpendRecord { Target = target };
        Assert.Equal(summary, row.TargetSummary);
    }
}
