using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Spending;

/// <summary>One target of a paid run, priced before anything is sent.</summary>
public sealed class PlannedSpend
{
    public PlannedSpend(string target, string action, decimal? expected, PaidAction intent, object? state = null)
    {
        Target = target;
        Action = action;
        Expected = expected;
        Intent = intent;
        State = state;
    }

    /// <summary>What the prompt names: "event 'CES 2025' (139574)".</summary>
    public string Target { get; }

    /// <summary>What the prompt asks, before the cost: "Unlock event access".</summary>
    public string Action { get; }

    /// <summary>The price of this target; null where Lensmor publishes none (never invented).</summary>
    public decimal? Expected { get; }

    /// <summary>How the intent journal and the spend limit see this target.</summary>
    public PaidAction Intent { get; }

    /// <summary>What the operation needs to send it (the event detail, the batches ...).</summary>
    public object? State { get; }

    /// <summary>Words after the price, such as "charged only if something is found".</summary>
    public string? PriceNote { get; set; }
}

/// <summary>
/// The skeleton every paid cmdlet runs: plan (the operation gathers and prices every target of the run),
/// check (the whole run against -MaxCredits, the session's -SpendLimit and the balance, refused whole before
/// any prompt), rehearse (-WhatIf prints the plan and its total), then confirm and send one target at a time,
/// so that Yes to All still works. Each target settles through its own <see cref="PaidAction"/>.
/// </summary>
public sealed class PaidRun : IDisposable
{
    private readonly SpendContext spending;
    private readonly ILensmorHost host;
    private readonly List<PlannedSpend> planned = new();
    private readonly string purpose;

    /// <param name="maxCredits">-MaxCredits, checked already by <see cref="RunLimits.MaxCredits"/> when the cmdlet began.</param>
    /// <param name="unit">What one target is, for the totals: "event", "search", "contact run".</param>
    /// <param name="purpose">How the -WhatIf total joins credits and targets: "to unlock" (2 events), "for" (2 searches).</param>
    public PaidRun(SpendContext spending, ILensmorHost host, string unit, decimal? maxCredits, string purpose = "for")
    {
        this.spending = spending;
        this.host = host;
        Unit = unit;
        this.purpose = purpose;
        MaxCredits = maxCredits;
    }

    public string Unit { get; }

    public decimal? MaxCredits { get; }

    public IReadOnlyList<PlannedSpend> Planned => planned;

    /// <summary>What the priced targets of the plan cost together.</summary>
    public decimal Total => planned.Sum(p => p.Expected ?? 0);

    /// <summary>The balance read when the run was checked (null until then, or when the API gave none).</summary>
    public decimal? BalanceBefore { get; private set; }

    /// <summary>A precheck said the balance is short (its buckets may not cover what the total suggests).</summary>
    public bool PrecheckSaysShort { get; set; }

    public void Add(PlannedSpend spend) => planned.Add(spend);

    /// <summary>
    /// Checks the whole plan, then asks and sends per target. <paramref name="send"/> receives the target and
    /// the balance the earlier targets of this run left, and returns what it charged.
    /// </summary>
    public async Task ExecuteAsync(Func<PlannedSpend, decimal?, Task<decimal>> send)
    {
        if (planned.Count == 0)
        {
            return;
        }

        if (!host.IsWhatIf)
        {
            // A journal that cannot be written would leave a lost answer unresumable: refused before any prompt.
            spending.Journal?.EnsureUsable();
        }

        BalanceBefore = (await CreditBalance.ReadAsync(spending.Client, host).ConfigureAwait(false)).TotalBalance;
        EnsureAffordable(Total, BalanceBefore);

        var running = BalanceBefore;
        foreach (var spend in planned)
        {
            if (!host.ShouldProcess(spend.Target, Describe(spend, running)))
            {
                if (host.IsWhatIf)
                {
                    running -= spend.Expected ?? 0;
                }

                continue;
            }

            running -= await send(spend, running).ConfigureAwait(false);
        }

        if (host.IsWhatIf)
        {
            host.WriteHostLine(WhatIfTotal());
        }
    }

    /// <summary>
    /// Step 3: the run as a whole against every cap. Over any of them, nothing is asked or sent, and each
    /// planned intent is journalled as refused.
    /// </summary>
    public void EnsureAffordable(decimal total, decimal? balance)
    {
        try
        {
            var count = planned.Count;
            var run = $"This run would cost {Credits.Format(total)} credits for {count} {Plural(Unit, count)}";
            if (MaxCredits is { } max && (total > max || (max == 0 && planned.Any(p => p.Expected == null))))
            {
                throw new LensmorException(ErrorIds.MaxCreditsExceeded, LensmorErrorCategory.QuotaExceeded,
                    $"{run}, more than -MaxCredits {Credits.Format(max)}. Nothing was sent and nothing was charged.",
                    $"Raise -MaxCredits to {Credits.Format(total)} or more if the cost is right, or pass fewer targets.",
                    isTerminating: true, "MaxCredits");
            }

            if (spending.SpendLimit.Limit is { } limit && spending.SpendLimit.Available is { } left && total > left)
            {
                throw new LensmorException(ErrorIds.SpendLimitExceeded, LensmorErrorCategory.QuotaExceeded,
                    $"{run}, but the session's spend limit of {Credits.Format(limit)} has {Credits.Format(left)} left. Nothing was sent and nothing was charged.",
                    "Run Connect-Lensmor again with a higher -SpendLimit (what this session spent carries over; Get-LensmorContext shows it), or pass fewer targets.",
                    isTerminating: true, "SpendLimit");
            }

            if (balance is { } b && (total > b || PrecheckSaysShort))
            {
                throw new LensmorException(ErrorIds.InsufficientCredits, LensmorErrorCategory.QuotaExceeded,
                    $"{run}, but the balance is {Credits.Format(b)}. Nothing was sent and nothing was charged.",
                    "Add credits in Lensmor (Settings > Billing) or pass fewer targets, then run the command again.",
                    isTerminating: true, "Balance");
            }
        }
        catch (LensmorException e)
        {
            foreach (var spend in planned)
            {
                spend.Intent.Refuse(spend.Expected ?? 0, e.ErrorId);
            }

            throw;
        }
    }

    public void Dispose()
    {
        foreach (var spend in planned)
        {
            spend.Intent.Dispose();
        }
    }

    private static string Describe(PlannedSpend spend, decimal? balance)
    {
        var note = spend.PriceNote == null ? string.Empty : ", " + spend.PriceNote;
        return spend.Expected is { } cost
            ? $"{spend.Action} for {Credits.Format(cost)} credits{note} (balance {Credits.Format(balance)} -> {Credits.Format(balance - cost)})"
            : $"{spend.Action}; Lensmor publishes no price for this, so the cost is known only afterwards from the balance{note} (balance {Credits.Format(balance)})";
    }

    private string WhatIfTotal()
    {
        var priced = planned.Where(p => p.Expected != null).ToList();
        var unpriced = planned.Count - priced.Count;
        var text = $"What if: in total this run would spend {Credits.Format(Total)} credits {purpose} {priced.Count} {Plural(Unit, priced.Count)}";
        if (unpriced > 0)
        {
            text += $", plus {unpriced} {Plural(Unit, unpriced)} whose price Lensmor does not publish";
        }

        return text + ".";
    }

    private static string Plural(string unit, int count) => count == 1 ? unit : unit.EndsWith("ch", StringComparison.Ordinal) ? unit + "es" : unit + "s";
}
