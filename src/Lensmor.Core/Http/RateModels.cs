using System.Collections.Concurrent;

namespace Lensmor.Core.Http;

/// <summary>
/// One <see cref="RateModel"/> per account in the process: the server limits a key, not a session, so every
/// session on the same base URL and key (a reconnect, or ForEach-Object -Parallel runspaces, which share the
/// process) paces against the same budget.
/// </summary>
public static class RateModels
{
    private static readonly ConcurrentDictionary<string, RateModel> Models = new(StringComparer.Ordinal);

    /// <summary>The model of a session's account: its base URL and a one-way fingerprint of its key (never the key).</summary>
    public static RateModel For(LensmorConnection connection) =>
        Models.GetOrAdd(connection.AccountKey, _ => new RateModel());
}
