using Lensmor.Core.Model.Wire;
using Lensmor.Core.Operations;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

public class BalanceTests
{
    [Fact]
    public async Task Balance_reports_every_bucket_of_the_ledger()
    {
        await using var server = await TestSandbox.StartAsync(o => { o.SubscriptionBalance = 30_000; o.GiftBalance = 50; o.AddonBalance = 1_000; });
        using var session = TestSandbox.Session(server);

        var balance = await BalanceOperation.GetAsync(session, RecordingHost.Yes());

        Assert.Equal(31_050m, balance.TotalBalance);
        Assert.Equal(30_000m, balance.SubscriptionBalance);
        Assert.Equal(50m, balance.GiftBalance);
        Assert.Equal(1_000m, balance.AddonBalance);
        Assert.NotNull(balance.TotalAmount);
        Assert.NotNull(balance.ResetAt);
        Assert.Equal(TimeSpan.Zero, balance.ResetAt!.Value.Value.Offset);
    }

    [Fact]
    public async Task Get_balance_writes_one_balance_object()
    {
        await using var server = await TestSandbox.StartAsync();
        using var session = TestSandbox.Session(server);
        var host = RecordingHost.Yes();

        await BalanceOperation.WriteAsync(session, host);

        var balance = Assert.Single(host.Output<Balance>());
        Assert.Equal(server.Ledger.TotalBalance, balance.TotalBalance);
    }

    [Fact]
    public void Millisecond_timestamps_become_utc_and_null_stays_null()
    {
        var dto = Http.LensmorJson.Deserialize<CreditBalanceDto>(
            "{\"totalAmount\":45050,\"totalBalance\":35050,\"subscriptionAmount\":35000,\"subscriptionBalance\":27000," +
            "\"addonAmount\":10000,\"addonBalance\":8000,\"addonExpireAt\":null,\"giftAmount\":50,\"giftBalance\":50," +
            "\"resetAt\":1785542400000,\"someFieldFromTheFuture\":{\"x\":1}}")!;

        var balance = Balance.From(dto, DateTimeOffset.UnixEpoch);

        Assert.Equal(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), balance.ResetAt);
        Assert.Null(balance.AddonExpireAt);
        Assert.Equal(35_050m, balance.TotalBalance);
    }

    [Fact]
    public void A_022_balance_without_addon_fields_is_read_with_those_fields_null()
    {
        var dto = Http.LensmorJson.Deserialize<CreditBalanceDto>("{\"totalAmount\":100,\"totalBalance\":90,\"resetAt\":null}")!;

        var balance = Balance.From(dto, DateTimeOffset.UnixEpoch);

        Assert.Equal(90m, balance.TotalBalance);
        Assert.Null(balance.AddonBalance);
        Assert.Null(balance.ResetAt);
    }
}
