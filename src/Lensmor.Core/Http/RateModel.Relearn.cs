namespace Lensmor.Core.Http;

// The model of a base URL and key outlives the server that taught it: a plan change, another server behind the same
// URL, or (in the tests) a new sandbox on a port an earlier one used. What the model learns only ever grows (the
// largest Remaining, the fastest refill a Reset allows), and a bucket thought larger than the server's makes every
// Reset look like a fast refill: the model sends bursts that the server refuses with 429s. So every Remaining is
// checked against what the model learned before it is learned from, and what it contradicts is learned again.
public sealed partial class RateModel
{
    /// <summary>A Reset that says the server gives back this much faster than the model knew puts the bucket in doubt.</summary>
    private const double FasterThanKnown = 1.5;

    /// <summary>At most this many Resets are kept.</summary>
    private const int ResetsKept = 64;

    /// <summary>
    /// Resets heard (the server's bucket is full by then unless it takes more), each with how many answers had been
    /// read when the request that reported it was reserved: only those that no other Reset outdoes (one no later,
    /// reported by a request reserved no earlier), so both grow along the list.
    /// </summary>
    private readonly List<(long Reset, long AnsweredBefore)> fullBy = new();

    /// <summary>Set while the bucket is in doubt: a Remaining fell well short of what the model expected.</summary>
    private Doubt? doubt;

    /// <summary>Requests reserved before the model last learned again were sent on what it knew before.</summary>
    private long relearnedFrom;

    /// <param name="AnsweredBefore">Answers read when the request was reserved.</param>
    /// <param name="At">When it was reserved, then when it was sent.</param>
    /// <param name="Expected">How many requests beyond those kept in hand the model expected the server to hold when it took this one; null while the model knew nothing of its bucket.</param>
    private readonly record struct Reservation(long AnsweredBefore, double At, double? Expected);

    /// <param name="Seen">The largest Remaining + 1 heard since the doubt.</param>
    /// <param name="Left">Remaining of the answer that raised it.</param>
    /// <param name="ReadAt">When that answer was read.</param>
    /// <param name="AnsweredBefore">Answers read when its request was reserved.</param>
    private readonly record struct Doubt(int Seen, int Left, double ReadAt, long AnsweredBefore);

    /// <summary>Learns the bucket's size from an answer's Remaining, after checking it against what the model learned.</summary>
    private void LearnCapacity(long sequence, Reservation request, double now, int left, long? reset)
    {
        var sentUnix = unixNow() - (now - request.At);
        if (FullWhenSent(sentUnix) is { } answeredBefore && capacity > left + (issued - answeredBefore))
        {
            // Sent after a Reset had passed, this request found the bucket full, less what the server took since: at
            // most every request not yet answered when the one that reported the Reset was reserved (less that one and
            // this one), and one for rounding. A bucket thought larger than that is not this server's.
            Relearn(0);
        }
        else if (doubt == null && sequence >= relearnedFrom && request.Expected is { } expected && left + (issued - sequence - 1) + 2 < expected)
        {
            // The server took this request holding at least what the model expected, less one for each request sent
            // after it (it may have taken those first) and one for Remaining's rounding: a model that is right expects
            // less than the server has. Well short of that, either another client of the key took the rest (and the
            // bucket is as large as learned) or the limit is smaller than learned. The answers that follow tell.
            doubt = new Doubt(left + 1, left, now, request.AnsweredBefore);
        }
        else if (doubt is { } since && Refuted(since, request.At, left))
        {
            Relearn(Math.Max(since.Seen, left + 1));
        }

        capacity = Math.Max(capacity, left + 1);
        if (doubt is { } held)
        {
            // A bucket seen as large as learned after all ends the doubt.
            doubt = Math.Max(held.Seen, left + 1) >= capacity ? null : held with { Seen = Math.Max(held.Seen, left + 1) };
        }

        if (reset is { } at)
        {
            HeardReset(at, request.AnsweredBefore);
        }
    }

    /// <summary>
    /// Raises the rate to what a Reset says the server gives back at least. A Reset that says the server gives back
    /// much faster than the rate the model knew puts the bucket in doubt: the model's refill may be slow (it is
    /// measured to come out slow), or its bucket larger than the server's, which makes every Reset look fast.
    /// </summary>
    private void LearnBound(double bound, Reservation request, double now, int left)
    {
        if (doubt == null && (measuredRate != null || boundRate > 0) && bound > Rate() * FasterThanKnown)
        {
            doubt = new Doubt(left + 1, left, now, request.AnsweredBefore);
        }

        boundRate = Math.Max(boundRate, bound);
    }

    /// <summary>
    /// Whether the server gave back fewer requests since the doubt than the model paces at, with the bucket far
    /// from full all along (a full bucket wastes what it is given). Counted so that it can only come out too many:
    /// Remaining one higher than said, every request not yet answered when the doubt's was reserved as taken since,
    /// and the span from that answer's reading to this request's sending.
    /// </summary>
    private bool Refuted(Doubt since, double sentAt, int left)
    {
        if (sentAt <= since.ReadAt || since.Left >= capacity / 2 || left >= capacity / 2)
        {
            return false;
        }

        var givenAtMost = left + 1 - since.Left + (issued - since.AnsweredBefore - 1);
        return givenAtMost < Rate() * Headroom * (sentAt - since.ReadAt);
    }

    /// <summary>
    /// A 429 while the bucket is in doubt: the model paced by a bucket and a refill that this server does not have
    /// (another client of the key would leave the bucket as large as learned, but the model ran it dry all the
    /// same). It learns both again, keeping the largest Remaining heard since the doubt.
    /// </summary>
    private void RelearnIfDoubted()
    {
        if (doubt is { } since)
        {
            Relearn(since.Seen);
        }
    }

    /// <summary>Forgets the bucket and the refill, keeping only a bucket size the server has shown since.</summary>
    private void Relearn(int seenCapacity)
    {
        capacity = seenCapacity;
        measuredRate = null;
        boundRate = 0;
        anchor = null;
        readSinceAnchor.Clear();
        fullBy.Clear();
        doubt = null;
        relearnedFrom = issued;
    }

    /// <summary>How many answers had been read when the request that reported the latest Reset passed by <paramref name="sentUnix"/> was reserved; null if none had passed.</summary>
    private long? FullWhenSent(double sentUnix)
    {
        for (var i = fullBy.Count - 1; i >= 0; i--)
        {
            if (fullBy[i].Reset <= sentUnix)
            {
                return fullBy[i].AnsweredBefore;
            }
        }

        return null;
    }

    private void HeardReset(long reset, long answeredBefore)
    {
        if (fullBy.Any(f => f.Reset <= reset && f.AnsweredBefore >= answeredBefore))
        {
            return;
        }

        fullBy.RemoveAll(f => f.Reset >= reset && f.AnsweredBefore <= answeredBefore);
        fullBy.Add((reset, answeredBefore));
        fullBy.Sort();
        if (fullBy.Count > ResetsKept)
        {
            fullBy.RemoveAt(0);
        }
    }
}
