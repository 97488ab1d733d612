using Lensmor.Core.Hosting;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>Get-LensmorBalance.</summary>
public static class BalanceOperation
{
    public static Task<Balance> GetAsync(LensmorSession session, ILensmorHost host) => CreditBalance.ReadAsync(session.Client, host);

    public static async Task WriteAsync(LensmorSession session, ILensmorHost host) =>
        host.WriteObject(await GetAsync(session, host).ConfigureAwait(false));
}
