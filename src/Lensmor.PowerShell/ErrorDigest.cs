using Lensmor.Core.Errors;

namespace Lensmor.PowerShell;

/// <summary>
/// Per-item errors of one cause, told once (issue 16.5): 20 events piped to a cmdlet that wants people gave 20
/// identical errors. The first error of a cause is written when it happens, as always, so -ErrorAction Stop stops
/// there; the others are counted, and the command ends with one more error of the same ErrorId that says how many
/// inputs failed the same way and holds them all as its TargetObject. -ErrorVariable therefore keeps two records
/// per cause, and the second one counts the rest.
/// </summary>
internal sealed class ErrorDigest
{
    private readonly Dictionary<string, Cause> causes = new(StringComparer.Ordinal);
    private readonly List<Cause> order = new();

    /// <summary>True when <paramref name="error"/> is the first of its cause and should be written now.</summary>
    public bool IsFirst(LensmorException error)
    {
        var key = error.Cause ?? error.ErrorId + "\n" + error.Message + "\n" + error.RecommendedAction;
        if (!causes.TryGetValue(key, out var cause))
        {
            cause = new Cause(error);
            causes.Add(key, cause);
            order.Add(cause);
            return true;
        }

        cause.Repeats.Add(error.TargetObject);
        return false;
    }

    /// <summary>One error per cause that repeated: the repeats' count and targets. Empties the digest.</summary>
    public IReadOnlyList<LensmorException> Summaries()
    {
        var summaries = order.Where(c => c.Repeats.Count > 0).Select(c => c.Summary()).ToList();
        causes.Clear();
        order.Clear();
        return summaries;
    }

    private sealed class Cause
    {
        private readonly LensmorException first;

        public Cause(LensmorException first)
        {
            this.first = first;
        }

        public List<object?> Repeats { get; } = new();

        public LensmorException Summary()
        {
            var what = first.Cause is { } cause ? cause + ", like the first" : "the error above, word for word";
            var message = $"{Repeats.Count} more input{(Repeats.Count == 1 ? "" : "s")} failed the same way ({what}; each is in this error's TargetObject): {first.Message}";
            return new LensmorException(first.ErrorId, first.Category, message, first.RecommendedAction, isTerminating: false, Repeats.ToArray(),
                first.StatusCode, first.TraceId, first.ErrorKey);
        }
    }
}
