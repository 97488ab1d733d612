using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Spending;

/// <summary>GET /external/credits/balance (free): what a paid run checks before it asks and measures after it sends.</summary>
public static class CreditBalance
{
    public static async Task<Balance> ReadAsync(LensmorClient client, ILensmorHost host)
    {
        var request = new LensmorRequest(HttpMethod.Get, "external/credits/balance", RequestKind.Read);
        var response = await client.SendAsync<CreditBalanceDto>(request, host).ConfigureAwait(false);
        return Balance.From(response.Value, DateTimeOffset.UtcNow);
    }

    /// <summary>A balance read after a paid call; a failure here must not hide the charge that succeeded.</summary>
    public static async Task<decimal?> TryReadAfterSendAsync(LensmorClient client, ILensmorHost host)
    {
        try
        {
            return (await ReadAsync(client, host).ConfigureAwait(false)).TotalBalance;
        }
        catch (LensmorException e)
        {
            host.WriteWarning("The paid call succeeded, but the balance could not be read afterwards: " + e.Message);
            return null;
        }
    }
}
