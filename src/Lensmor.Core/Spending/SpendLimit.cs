using Lensmor.Core.Errors;

namespace Lensmor.Core.Spending;

/// <summary>
/// Connect-Lensmor -SpendLimit: the most this PowerShell session may spend in total. A paid action reserves
/// its expected cost when it is checked, so that runspaces sharing the session cannot all pass the check at
/// once; the reservation becomes what was charged when the action settles, or is released if nothing was sent.
/// </summary>
public sealed class SpendLimit
{
    private readonly object gate = new();
    private decimal spent;
    private decimal reserved;

    /// <summary>What <see cref="CommitUnknown"/> counted, by attempt id, until the attempt is settled.</summary>
    private readonly Dictionary<string, decimal> countedAsUnknown = new(StringComparer.Ordinal);

    public SpendLimit(decimal? limit)
    {
        if (limit is { } l && l < 0)
        {
            throw LensmorException.InvalidArgument("-SpendLimit cannot be negative.", l, "Pass 0 or more credits.");
        }

        Limit = limit;
    }

    public decimal? Limit { get; }

    public decimal Spent
    {
        get { lock (gate) { return spent; } }
    }

    public decimal? Remaining
    {
        get { lock (gate) { return Limit is { } l ? Math.Max(0, l - spent) : null; } }
    }

    /// <summary>What is left once what is spent and what other runs hold are taken off; null without a limit.</summary>
    public decimal? Available
    {
        get { lock (gate) { return Limit is { } l ? Math.Max(0, l - spent - reserved) : null; } }
    }

    /// <summary>Refuses a cost the limit has no room for; otherwise holds it until <see cref="Commit"/> or <see cref="Release"/>.</summary>
    public void Reserve(decimal expected, object? target)
    {
        lock (gate)
        {
            if (Limit is { } l && spent + reserved + expected > l)
            {
                throw new LensmorException(ErrorIds.SpendLimitExceeded, LensmorErrorCategory.QuotaExceeded,
                    $"This needs {Credits.Format(expected)} credits, but the session's spend limit of {Credits.Format(l)} has {Credits.Format(Math.Max(0, l - spent - reserved))} left. Nothing was sent and nothing was charged.",
                    "Run Connect-Lensmor again with a higher -SpendLimit (what this session spent carries over; Get-LensmorContext shows it), or do less in this run.",
                    isTerminating: true, target);
            }

            reserved += expected;
        }
    }

    /// <summary>The reserved amount became a charge of <paramref name="charged"/> credits.</summary>
    public void Commit(decimal reservation, decimal charged)
    {
        lock (gate)
        {
            reserved = Math.Max(0, reserved - reservation);
            spent += Math.Max(0, charged);
        }
    }

    public void Release(decimal reservation) => Commit(reservation, 0);

    /// <summary>A charge found later (an earlier attempt settled by re-reading state).</summary>
    public void Record(decimal charged) => Commit(0, charged);

    /// <summary>
    /// Connect-Lensmor again for the same account: what the previous session spent still counts, and so does what
    /// it counted for attempts whose outcome is still unknown (so that settling one later counts it once).
    /// </summary>
    public void CarryOver(SpendLimit previous)
    {
        decimal previouslySpent;
        KeyValuePair<string, decimal>[] unknown;
        lock (previous.gate)
        {
            previouslySpent = previous.spent;
            unknown = previous.countedAsUnknown.ToArray();
        }

        lock (gate)
        {
            spent += previouslySpent;
            foreach (var entry in unknown)
            {
                countedAsUnknown[entry.Key] = entry.Value;
            }
        }
    }

    /// <summary>
    /// A paid attempt whose outcome is unknown (no answer, a timeout, Ctrl+C): the charge may exist, so what it
    /// reserved counts as spent (or, when the balance was read afterwards, what it moved: <paramref name="moved"/>),
    /// and is remembered by attempt id for <see cref="SettleUnknown"/>.
    /// </summary>
    public void CommitUnknown(string attemptId, decimal reservation, decimal? moved = null)
    {
        lock (gate)
        {
            var amount = Math.Max(0, moved ?? reservation);
            reserved = Math.Max(0, reserved - reservation);
            spent += amount;
            countedAsUnknown[attemptId] = (countedAsUnknown.TryGetValue(attemptId, out var earlier) ? earlier : 0) + amount;
        }
    }

    /// <summary>
    /// An attempt with an unknown outcome, settled by re-reading state: what it really cost replaces what was
    /// counted for it when its outcome became unknown. An attempt this session never counted (another process,
    /// an earlier PowerShell session) is a charge found now.
    /// </summary>
    public void SettleUnknown(string attemptId, decimal charged)
    {
        lock (gate)
        {
            var counted = countedAsUnknown.TryGetValue(attemptId, out var amount) ? amount : 0;
            countedAsUnknown.Remove(attemptId);
            spent = Math.Max(0, spent - counted + Math.Max(0, charged));
        }
    }
}
