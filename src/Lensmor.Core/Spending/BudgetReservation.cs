namespace Lensmor.Core.Spending;

/// <summary>
/// Credits a paid run holds against its account's budgets (<see cref="BudgetBook.Reserve"/>), so that runs in
/// other processes see them as taken until this run settles. As each target settles, the run calls
/// <see cref="Settled"/> (its charge is in the journal now, which the budget reads); when the run ends, however
/// it ends, it disposes the reservation. A process that dies without doing so holds nothing: a reservation of
/// a process that has ended is dropped by the next budget check on this machine, and one from another machine
/// (a journal on a share) after <see cref="BudgetStore.RemoteReservationLease"/>.
/// </summary>
public sealed class BudgetReservation : IDisposable
{
    /// <summary>No budget applies: nothing is held.</summary>
    public static readonly BudgetReservation None = new(null, string.Empty, 0);

    private readonly BudgetBook? book;
    private readonly string id;
    private bool released;

    internal BudgetReservation(BudgetBook? book, string id, decimal credits, decimal? leastLeft = null)
    {
        this.book = book;
        this.id = id;
        Held = credits;
        LeastLeft = leastLeft;
    }

    /// <summary>
    /// What the tightest of the account's budgets had left once this reservation was taken, read under the same lock
    /// (null without a budget): what caps the targets of the run whose price is unpublished.
    /// </summary>
    public decimal? LeastLeft { get; }

    /// <summary>What this run still holds.</summary>
    public decimal Held { get; private set; }

    /// <summary>Whether a budget applies and this reservation is still held.</summary>
    public bool IsHeld => book != null && !released;

    /// <summary>A target of the run settled: its <paramref name="expectedCredits"/> stop being held (the journal now records what it cost).</summary>
    public void Settled(decimal expectedCredits)
    {
        if (!IsHeld || expectedCredits <= 0)
        {
            return;
        }

        Held = Math.Max(0, Held - expectedCredits);
        book!.Update(id, Held);
    }

    /// <summary>The run ended: nothing more is held.</summary>
    public void Release()
    {
        if (!IsHeld)
        {
            return;
        }

        released = true;
        Held = 0;
        book!.Update(id, null);
    }

    /// <summary>Releases; a journal that cannot be written now leaves the reservation to expire with this process.</summary>
    public void Dispose()
    {
        try
        {
            Release();
        }
        catch (Exception e) when (CannotWrite(e))
        {
        }
    }

    /// <summary>
    /// The budget file could not be written (the journal is locked, gone or not ours): what is held stays held
    /// until the run ends or its process does. Safe, if strict; the charges are in the journal either way.
    /// </summary>
    internal static bool CannotWrite(Exception e) => e is Errors.LensmorException || e is IOException || e is UnauthorizedAccessException;
}
