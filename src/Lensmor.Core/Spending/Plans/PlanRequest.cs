using System.Globalization;
using Lensmor.Core.Errors;

namespace Lensmor.Core.Spending;

/// <summary>-PlanPath: where the plan goes, how long it stays valid, and the run's parameters it records.</summary>
public sealed class PlanRequest
{
    /// <param name="path">A file-system path, already resolved by the caller.</param>
    /// <param name="validFor">-PlanExpiresIn; null for <see cref="SavedPlan.DefaultValidFor"/>.</param>
    /// <param name="parameters">The run's parameters that shape what it does, in the cmdlet's order.</param>
    /// <param name="maxCredits">
    /// -MaxCredits, recorded last when given. It is written here, in the room that reads it back
    /// (<see cref="SavedPlan.DefaultMaxCredits"/>), so that every paid cmdlet records it the same way.
    /// </param>
    public PlanRequest(string path, TimeSpan? validFor, IEnumerable<KeyValuePair<string, string>> parameters, decimal? maxCredits = null)
    {
        Path = path;
        ValidFor = EnsureValidity(validFor);
        var recorded = parameters.ToList();
        if (maxCredits is { } max)
        {
            recorded.Add(new(SavedPlan.MaxCreditsParameter, max.ToString(CultureInfo.InvariantCulture)));
        }

        Parameters = recorded;
    }

    public string Path { get; }
    public TimeSpan ValidFor { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The time the plan is made at (tests move it).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>-PlanExpiresIn, checked before any request: from a minute to a year.</summary>
    public static TimeSpan EnsureValidity(TimeSpan? validFor)
    {
        var value = validFor ?? SavedPlan.DefaultValidFor;
        if (value < SavedPlan.ShortestValidity || value > SavedPlan.LongestValidity)
        {
            throw LensmorException.InvalidArgument(
                $"-PlanExpiresIn {value.ToString("c", CultureInfo.InvariantCulture)} is outside one minute to 366 days. Nothing was sent.", "PlanExpiresIn",
                "Pass a time span such as (New-TimeSpan -Hours 48) or '2.00:00:00' (a bare number is read as ticks), or leave it out for 24 hours.");
        }

        return value;
    }
}

/// <summary>A paid run as -PlanPath and Invoke-LensmorPlan see it, whatever its targets' typed state.</summary>
public interface IPaidRun
{
    /// <summary>The cmdlet the run is, as a plan names it.</summary>
    string Cmdlet { get; }

    /// <summary>-PlanPath: the run stops after its checks, spends nothing, asks nothing, and writes this plan.</summary>
    PlanRequest? PlanTo { get; set; }

    /// <summary>Invoke-LensmorPlan: the run applies this plan (only its targets, at no more than planned).</summary>
    void Apply(SavedPlan saved);
}
