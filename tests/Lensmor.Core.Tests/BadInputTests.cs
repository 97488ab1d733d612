using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>Bad input is LensmorInvalidArgument, found before any request: nothing is sent, nothing charged.</summary>
public class BadInputTests
{
    private static readonly PagingOptions FirstThree = new() { First = 3 };

    public static IEnumerable<object[]> Cases() => BadInputs.Keys.Select(k => new object[] { k });

    private static readonly Dictionary<string, Func<LensmorSession, Task>> BadInputs = new()
    {
        ["empty event id"] = s => new EventUnlockOperation(s).UnlockAsync("", RecordingHost.Yes()),
        ["blank event id"] = s => EventCatalogOperation.GetAsync(s, RecordingHost.Yes(), "   "),
        ["over-long event id"] = s => EventBriefOperation.GetAsync(s, RecordingHost.Yes(), new string('1', 101)),
        ["over-long personnel id"] = s => PersonnelOperation.GetAsync(s, RecordingHost.Yes(), new string('2', 21)),
        ["blank exhibitor id"] = s => ExhibitorCatalogOperation.GetAsync(s, RecordingHost.Yes(), " "),
        ["event id over 20 for LinkedIn activity"] = s =>
        {
            var run = new LinkedInActivityUnlockOperation(s);
            run.Add("123", new string('9', 21));
            return run.RunAsync(RecordingHost.Yes());
        },
        ["contact without an event"] = s =>
        {
            new ContactUnlockOperation(s, ContactChannel.Email).Add("123", null);
            return Task.CompletedTask;
        },
        ["more than 100 events to rank"] = s => EventRankOperation.RankAsync(s, RecordingHost.Yes(), Enumerable.Range(1, 101).Select(i => i.ToString())),
        ["malformed LinkedIn URL"] = s => PersonnelOperation.GetByLinkedInAsync(s, RecordingHost.Yes(), "not a url"),
        ["non-http company URL"] = s => ExhibitorSearchOperation.FindAsync(s, RecordingHost.Yes(), "ftp://acme.example", null, FirstThree),
        ["neither company URL nor audience"] = s => ExhibitorSearchOperation.FindAsync(s, RecordingHost.Yes(), null, " ", FirstThree),
        ["over-long company name"] = s => ExhibitorEventSearchOperation.RunAsync(s, RecordingHost.Yes(), new string('a', 201)),
        ["personnel page size 51"] = s => PersonnelOperation.ListAsync(s, RecordingHost.Yes(), new PersonnelOperation.Filter { EventId = "139001" }, new PagingOptions { PageSize = 51 }),
        ["event page size 0"] = s => EventCatalogOperation.ListAsync(s, RecordingHost.Yes(), new EventCatalogOperation.Filter(), new PagingOptions { PageSize = 0 }),
        ["search page 0"] = s => ExhibitorCompanySearchOperation.RunAsync(s, RecordingHost.Yes(), "Acme", page: 0),
        ["negative MaxCredits"] = s => new EventUnlockOperation(s, maxCredits: -1).UnlockAsync("139001", RecordingHost.Yes()),
        ["key that is empty"] = _ => Task.FromResult(ApiKey.Parse("", ApiKeySource.Parameter)),
        ["key with a stray Bearer prefix"] = _ => Task.FromResult(ApiKey.Parse("Bearer sk_live_abcdef123456", ApiKeySource.Parameter)),
        ["plain http base URL off this machine"] = _ => Task.FromResult(BaseUriPolicy.Validate("http://platform.lensmor.com")),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_before_any_request(string name)
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);

        var error = await Assert.ThrowsAsync<LensmorException>(() => BadInputs[name](session));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
        Assert.Empty(server.Requests.All);
        Assert.Empty(server.Ledger.Charges);
    }
}
