using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>The journal the outside probe found wanting: path, permissions, torn lines, and the intent key.</summary>
public class JournalHardeningTests
{
    private static JournalRecord Record(string key, string id = "a") => new() { Id = id, Key = key, State = JournalRecord.Sent, At = DateTimeOffset.UtcNow, Action = "X" };

    [Fact]
    public void A_torn_last_line_never_swallows_the_next_record()
    {
        using var temp = new TempJournal();
        temp.Journal.Append(Record("k1", "first"));
        File.AppendAllText(temp.Path, "{\"v\":1,\"id\":\"torn\",\"key\":\"k"); // a writer died mid-line

        temp.Journal.Append(Record("k2", "second"));

        var host = RecordingHost.Yes();
        var records = new IntentJournal(temp.Path).ReadActive(host);
        Assert.Equal(new[] { "first", "second" }, records.Select(r => r.Id));
        Assert.Single(host.Warnings);
    }

    [Fact]
    public void The_journal_file_is_owner_only_and_the_folder_it_creates_is_0700()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempJournal();
        temp.Journal.Append(Record("k"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.Directory));
    }

    [Fact]
    public async Task A_journal_path_that_is_a_folder_is_a_clear_error_before_any_paid_request()
    {
        await using var server = await TestSandbox.StartAsync();
        using var temp = new TempJournal();
        Directory.CreateDirectory(temp.Path);
        using var session = temp.Session(server);
        var host = RecordingHost.Yes();

        var error = await Assert.ThrowsAsync<LensmorException>(() => new EventUnlockOperation(session).UnlockAsync(TestSandbox.PaidEventId, host));

        Assert.Equal(ErrorIds.JournalUnavailable, error.ErrorId);
        Assert.Contains("is a folder", error.Message);
        Assert.Contains("-JournalPath", error.RecommendedAction);
        Assert.Empty(host.Prompts);
        Assert.Empty(server.Requests.Paid);
        Assert.Throws<LensmorException>(() => SpendLogOperation.Read(session.Journal, host).ToList());
    }

    [Fact]
    public void A_spend_log_of_a_named_missing_file_is_an_error_and_of_the_default_a_warning()
    {
        var host = RecordingHost.Yes();
        var missing = new IntentJournal(Path.Combine(Path.GetTempPath(), "lensmor-missing-" + Guid.NewGuid().ToString("N"), "journal.jsonl"));

        var error = Assert.Throws<LensmorException>(() => SpendLogOperation.Read(missing, host, explicitPath: true).ToList());
        Assert.Equal(ErrorIds.JournalUnavailable, error.ErrorId);

        Assert.Empty(SpendLogOperation.Read(missing, host));
        Assert.Contains(host.Warnings, w => w.Contains("does not exist yet"));
    }

    [Fact]
    public void Company_names_key_one_intent_whatever_their_case_and_spaces()
    {
        Assert.Equal(IntentJournal.KeyFor("acct", "Search", new[] { "Acme" }, "page 1/20"), IntentJournal.KeyFor("acct", "Search", new[] { " ACME " }, "page 1/20"));
        Assert.NotEqual(IntentJournal.KeyFor("acct", "Search", new[] { "Acme" }, "page 1/20"), IntentJournal.KeyFor("acct", "Search", new[] { "Acme Corp" }, "page 1/20"));
    }

    [Fact]
    public async Task After_an_unknown_search_for_Acme_a_search_for_ACME_is_not_charged_again()
    {
        await using var server = await TestSandbox.StartAsync();
        var company = PaidScenario.FindableCompany(server);
        server.Faults.Add(new SandboxFault("POST", "^/external/exhibitors/search-events$", SandboxFaultKind.DropAfterExecute));
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company));

        var error = await Assert.ThrowsAsync<LensmorException>(() => ExhibitorEventSearchOperation.RunAsync(session, RecordingHost.Yes(), company.ToUpperInvariant()));

        Assert.Equal(ErrorIds.IntentUnsettled, error.ErrorId);
        Assert.Single(server.Ledger.Charges);
    }

    [Fact]
    public void The_paid_cmdlets_and_the_spend_log_resolve_the_journal_in_one_place()
    {
        var resolver = new SessionResolver();
        var first = Path.Combine(Path.GetTempPath(), "lensmor-a-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var second = Path.Combine(Path.GetTempPath(), "lensmor-b-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var env = new Dictionary<string, string?>
        {
            [SessionResolver.ApiKeyVariable] = "sk_sandbox_0123456789abcdef",
            [SessionResolver.BaseUrlVariable] = "http://127.0.0.1:9",
            [IntentJournal.PathVariable] = first,
        };
        string? Env(string name) => env.TryGetValue(name, out var v) ? v : null;

        Assert.Equal(first, resolver.Resolve(Env).Journal!.Path);
        env[IntentJournal.PathVariable] = second;

        Assert.Equal(second, resolver.Resolve(Env).Journal!.Path);
        Assert.Equal(second, resolver.CurrentJournal(Env)!.Path);
    }
}
