using Lensmor.Core.Errors;

namespace Lensmor.Core.Spending;

/// <summary>The caps a paid cmdlet takes as parameters, checked once, when the cmdlet begins.</summary>
public static class RunLimits
{
    /// <summary>-MaxCredits: the most the whole run may cost; checked before any request.</summary>
    public static decimal? MaxCredits(decimal? value) =>
        value is { } v && v < 0
            ? throw LensmorException.InvalidArgument($"-MaxCredits {v} is negative. Nothing was sent.", v, "Pass 0 or more credits, or leave -MaxCredits out.")
            : value;
}
