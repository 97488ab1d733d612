using Lensmor.Core.Errors;

namespace Lensmor.Core.Spending;

/// <summary>
/// Connect-Lensmor -SpendLimit: the most this PowerShell session may spend in total. Thread-safe: several
/// runspaces can share one session.
/// </summary>
public sealed class SpendLimit
{
    private readonly object gate = new();
    private decimal spent;

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

    public void EnsureRoomFor(decimal expected, object? target)
    {
        lock (gate)
        {
            if (Limit is { } l && spent + expected > l)
            {
                throw new LensmorException(ErrorIds.SpendLimitExceeded, LensmorErrorCategory.QuotaExceeded,
                    $"This needs {Credits.Format(expected)} credits, but the session's spend limit of {Credits.Format(l)} has {Credits.Format(Math.Max(0, l - spent))} left. Nothing was sent and nothing was charged.",
                    "Run Connect-Lensmor again with a higher -SpendLimit (Get-LensmorContext shows what is spent), or do less in this run.",
                    isTerminating: true, target);
            }
        }
    }

    public void Record(decimal charged)
    {
        if (charged <= 0)
        {
            return;
        }

        lock (gate)
        {
            spent += charged;
        }
    }
}
