using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>
/// One target of a plan as a plain value: what a prompt and a What if line say, and what a written plan
/// (-PlanPath) holds and a later run compares (a record: two equal lines are equal).
/// </summary>
/// <param name="Id">The gathered id(s) the target stands for, "; "-joined: planning them again prices the same target.</param>
/// <param name="Name">What the prompt names: "event 'CES 2025' (139574)", "6 contacts of event 139001".</param>
/// <param name="Action">What the prompt asks, before the cost: "Unlock event access".</param>
/// <param name="ExpectedCredits">The price; null where Lensmor publishes none (never invented).</param>
/// <param name="Reason">The precheck's reason code, when a precheck was asked.</param>
/// <param name="PriceNote">Words after the price, such as "charged only if something is found".</param>
/// <param name="Label">What a receipt calls the target, plainly: "Acme" where the prompt says "company 'Acme'"; the name by default.</param>
public sealed record PlanTarget(string Id, string Name, string Action, decimal? ExpectedCredits, string? Reason = null, string? PriceNote = null, string? Label = null)
{
    public string Label { get; init; } = Label ?? Name;

    /// <summary>The receipt of this target: the one shape every paid run's receipts have.</summary>
    internal SpendReceipt Receipt(string action, decimal? expected, decimal? charged, decimal? before, decimal? after, string? traceId) => new()
    {
        Action = action,
        Target = Label,
        ExpectedCredits = expected,
        ChargedCredits = charged,
        BalanceBefore = before,
        BalanceAfter = after,
        TraceId = traceId,
        CompletedAt = Timestamps.Iso(DateTimeOffset.UtcNow),
    };
}

/// <summary>A chargeable target of the run: its plain plan line, what the send step needs, and its journal intent.</summary>
/// <param name="Intent">How the journal and the spend limit see this target.</param>
public sealed record Planned<TState>(PlanTarget Target, TState State, PaidAction Intent);

/// <summary>
/// What one call of a plan step hands back, in the order it said it: chargeable targets, free ones, errors
/// for single targets, and the lines to show. Nothing is written while planning; the skeleton writes it all
/// afterwards in the order the targets were gathered, so plans may be read several at a time.
/// </summary>
public sealed class PlanSlice<TState>
{
    private readonly SpendContext spending;
    private readonly PaidRunShape shape;
    private readonly Action<PaidAction> keep;

    internal PlanSlice(SpendContext spending, ILensmorHost host, PaidRunShape shape, Action<PaidAction> keep)
    {
        this.spending = spending;
        Host = host;
        this.shape = shape;
        this.keep = keep;
    }

    /// <summary>For the plan's reads (requests honour its cancellation). Write through the slice instead.</summary>
    public ILensmorHost Host { get; }

    /// <summary>A precheck said the balance is short: its buckets may not cover what the total suggests.</summary>
    public bool PrecheckSaysShort { get; set; }

    internal List<PlanEntry<TState>> Entries { get; } = new();

    /// <summary>The journal's view of one intent (action, targets, scope); the run closes it when it ends.</summary>
    public PaidAction Intent(string action, IEnumerable<string> journalTargets, string scope = "")
    {
        var intent = new PaidAction(spending, Host, shape.Cmdlet, action, journalTargets, scope);
        keep(intent);
        return intent;
    }

    /// <summary>A target to price, check, ask about and send.</summary>
    public void Add(PlanTarget target, TState state, PaidAction intent) =>
        Entries.Add(new PlanEntry<TState> { Planned = new Planned<TState>(target, state, intent) });

    /// <summary>
    /// A target with nothing to pay (already unlocked): no prompt and no paid request. It settles as free in
    /// the journal with <paramref name="note"/>, and <paramref name="receiptRow"/>, when given, writes its
    /// 0-credit receipt.
    /// </summary>
    public void Free(PlanTarget target, PaidAction intent, string note, Func<SpendReceipt, object>? receiptRow = null) =>
        Entries.Add(new PlanEntry<TState> { Free = new FreeTarget(target, intent, note, receiptRow) });

    /// <summary>An error for one target (or one part of it); the rest of the run goes on.</summary>
    public void Fail(LensmorException error) => Entries.Add(new PlanEntry<TState> { Error = error });

    /// <summary>A row the plan already knows (a contact unlocked before): written without a prompt.</summary>
    public void Write(object row) => Entries.Add(new PlanEntry<TState> { Row = row });

    public void Warn(string message) => Entries.Add(new PlanEntry<TState> { Text = message, IsWarning = true });

    public void Verbose(string message) => Entries.Add(new PlanEntry<TState> { Text = message });
}

/// <summary>One thing a plan step said; exactly one of its parts is set (Text alone is a line to show).</summary>
internal sealed class PlanEntry<TState>
{
    public Planned<TState>? Planned { get; set; }
    public FreeTarget? Free { get; set; }
    public LensmorException? Error { get; set; }
    public object? Row { get; set; }
    public string? Text { get; set; }
    public bool IsWarning { get; set; }
}

internal sealed record FreeTarget(PlanTarget Target, PaidAction Intent, string Note, Func<SpendReceipt, object>? ReceiptRow);

/// <summary>
/// A planned run: its chargeable targets in gathered order (with their typed state), the free ones, and the
/// plain lines a written plan holds. Disposing it closes every intent the plan opened: one never sent
/// releases what it reserved; one sent and never settled stays open in the journal as unknown.
/// </summary>
public sealed class RunPlan<TState> : IDisposable
{
    private readonly List<PaidAction> intents = new();

    public List<Planned<TState>> Targets { get; } = new();

    /// <summary>Targets that cost nothing now (already unlocked): reported, never asked about.</summary>
    public List<PlanTarget> Free { get; } = new();

    /// <summary>A precheck said the balance is short, whatever the total says.</summary>
    public bool PrecheckSaysShort { get; set; }

    /// <summary>The chargeable targets as plain values: what -PlanPath writes.</summary>
    public IReadOnlyList<PlanTarget> Lines => Targets.Select(t => t.Target).ToList();

    /// <summary>What the priced targets cost together.</summary>
    public decimal Total => Targets.Sum(t => t.Target.ExpectedCredits ?? 0);

    /// <summary>
    /// Keeps what one slice of the plan step said and writes it, in the order it was said: free targets settle
    /// as free (with their receipt row), a target's own error is written (or thrown, in a run of one).
    /// </summary>
    internal void Take(PlanSlice<TState> slice, ILensmorHost host, bool throwPerTargetErrors)
    {
        PrecheckSaysShort |= slice.PrecheckSaysShort;
        foreach (var entry in slice.Entries)
        {
            if (entry.Planned is { } planned)
            {
                Targets.Add(planned);
            }
            else if (entry.Free is { } free)
            {
                Free.Add(free.Target);
                free.Intent.RecordFree(note: free.Note);
                if (free.ReceiptRow is { } row)
                {
                    host.WriteObject(row(free.Target.Receipt(free.Intent.Action, 0, 0, null, null, null)));
                }
            }
            else if (entry.Error is { } error)
            {
                if (throwPerTargetErrors)
                {
                    throw error;
                }

                host.WriteError(error);
            }
            else if (entry.Row is { } row)
            {
                host.WriteObject(row);
            }
            else if (entry.IsWarning)
            {
                host.WriteWarning(entry.Text!);
            }
            else
            {
                host.WriteVerbose(entry.Text!);
            }
        }
    }

    public void Dispose()
    {
        lock (intents)
        {
            intents.ForEach(i => i.Dispose());
            intents.Clear();
        }
    }

    internal void Keep(PaidAction intent)
    {
        lock (intents)
        {
            intents.Add(intent);
        }
    }
}
