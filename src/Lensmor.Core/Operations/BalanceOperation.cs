using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Operations;

public static class BalanceOperation
{
    public static async Task<Balance> GetAsync(LensmorSession session, ILensmorHost host)
    {
        var request = new LensmorRequest(HttpMethod.Get, "external/credits/balance", RequestKind.Read);
        var response = await session.Client.SendAsync<CreditBalanceDto>(request, host).ConfigureAwait(false);
        return Balance.From(response.Value, DateTimeOffset.UtcNow);
    }

    /// <summary>Get-LensmorBalance.</summary>
    public static async Task WriteAsync(LensmorSession session, ILensmorHost host) =>
        host.WriteObject(await GetAsync(session, host).ConfigureAwait(false));

    /// <summary>A balance read after a paid call; a failure here must not hide the charge that succeeded.</summary>
    public static async Task<decimal?> TryRefreshAsync(LensmorSession session, ILensmorHost host)
    {
        try
        {
            return (await GetAsync(session, host).ConfigureAwait(false)).TotalBalance;
        }
        catch (Errors.LensmorException e)
        {
            host.WriteWarning("The paid call succeeded, but the balance could not be read afterwards: " + e.Message);
            return null;
        }
    }
}
