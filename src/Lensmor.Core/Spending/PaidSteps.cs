namespace Lensmor.Core.Spending;

/// <summary>
/// What a paid operation supplies to <see cref="PaidRun{TState}"/>: how the run names itself, a typed plan
/// step and a typed send step. Everything between them (checking, rehearsing, confirming, reserving,
/// journalling, settling, receipts) is the skeleton's.
/// </summary>
/// <typeparam name="TState">What the plan step learns about a target and the send step needs (the event
/// detail, the contact batches ...). It never leaves the process: a written plan holds <see cref="PlanTarget"/>s.</typeparam>
public interface IPaidSteps<TState>
{
    PaidRunShape Shape { get; }

    /// <summary>
    /// Step 2, plan: reads only, never spends and never asks. Prices the gathered targets given (all of them,
    /// or one slice: see <see cref="PaidRunShape.PlanSliceSize"/>) and tells <paramref name="plan"/> what each
    /// is: chargeable (<see cref="PlanSlice{TState}.Add"/>), free, or an error for that target. Callable for any
    /// list of target ids, so a written plan's ids can be planned again and their prices compared.
    /// </summary>
    Task PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<TState> plan);

    /// <summary>
    /// Step 8, send: the paid request(s) of one planned target, each through <paramref name="sender"/> (which
    /// journals it first), and what the answers said: what was charged, the trace id, the rows to write.
    /// </summary>
    Task<Sent> SendAsync(Planned<TState> target, PaidSender sender);
}

/// <summary>How a run names itself in prompts, totals and the journal, and how its targets are gathered and planned.</summary>
/// <param name="cmdlet">The cmdlet, as the journal and a written plan name it: "Unlock-LensmorEvent".</param>
/// <param name="unit">What one target is, for the totals: "event", "search", "contact run".</param>
/// <param name="purpose">How the -WhatIf total joins credits and targets: "to unlock" (2 events), "for" (2 searches).</param>
public sealed class PaidRunShape(string cmdlet, string unit, string purpose = "for")
{
    public string Cmdlet { get; } = cmdlet;
    public string Unit { get; } = unit;
    public string Purpose { get; } = purpose;

    /// <summary>
    /// How many gathered ids one call of the plan step gets: 1 plans every target on its own (events,
    /// searches), so the skeleton may plan several at once; 0 gives the plan step the whole run in one call
    /// (contacts, people), which then reads in pages itself.
    /// </summary>
    public int PlanSliceSize { get; set; } = 1;

    /// <summary>
    /// How many slices are planned at once. Their requests share the key's rate model and their lines are
    /// written in gathered order, so more only hides latency; 1 plans one slice after another.
    /// </summary>
    public int PlanConcurrency { get; set; } = PlanReads.InFlight;

    /// <summary>When two gathered ids are the same target (company names match case-insensitively).</summary>
    public IEqualityComparer<string> SameTarget { get; set; } = StringComparer.Ordinal;

    /// <summary>A verbose line for a run that gathered nothing; null says nothing.</summary>
    public string? WhenEmpty { get; set; }

    public string Plural(int count) =>
        count == 1 ? Unit : Unit.EndsWith("ch", StringComparison.Ordinal) ? Unit + "es" : Unit + "s";
}
