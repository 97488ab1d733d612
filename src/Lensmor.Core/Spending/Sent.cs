using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;

namespace Lensmor.Core.Spending;

/// <summary>What the skeleton hands a send step for one confirmed, reserved target.</summary>
public sealed class PaidSender(PaidAction intent, SpendContext spending, ILensmorHost host, decimal? balanceBefore, SpendMeter? meter)
{
    public ILensmorHost Host { get; } = host;

    /// <summary>The balance the earlier targets of this run left.</summary>
    public decimal? BalanceBefore { get; } = balanceBefore;

    /// <summary>
    /// For a target without a published price: -MaxCredits and the session's -SpendLimit held by what the
    /// balance moves, request by request. Null when the target is priced.
    /// </summary>
    public SpendMeter? Meter { get; } = meter;

    /// <summary>
    /// Step 7, journal, then one paid request: the intent is journalled as intended and sent before the
    /// request leaves. The client never retries it unless Lensmor answered 429.
    /// </summary>
    public Task<LensmorResponse<T>> SendAsync<T>(LensmorRequest request)
        where T : class => intent.SendAsync<T>(request);

    /// <summary>Journals the task ids a paid request created, so that a rerun follows them instead of paying again.</summary>
    public void Sent(params string[] taskIds) => intent.Sent(taskIds);

    /// <summary>Closes an earlier unsettled attempt of the same intent once what it did is known.</summary>
    public void SettleEarlier(JournalRecord earlier, SpendOutcome outcome, decimal? charged, string note) =>
        intent.SettleEarlier(earlier, outcome, charged, note);

    /// <summary>The balance now (for <see cref="Meter"/>); null, with a warning, when it cannot be read.</summary>
    public Task<decimal?> ReadBalanceAsync() => CreditBalance.TryReadAfterSendAsync(spending.Client, Host);
}

/// <summary>What a send step reports: the skeleton settles the target with it, writes its rows and its receipt.</summary>
public sealed class Sent
{
    /// <param name="expectedSent">What the requests that went out should cost (0 when none went out).</param>
    public Sent(decimal expectedSent) => ExpectedSent = expectedSent;

    /// <summary>The settle's figure when neither the answer nor the balance says what was charged.</summary>
    public decimal ExpectedSent { get; }

    /// <summary>When an answer was lost: the most the target may have cost; a charge up to it is no surprise.</summary>
    public decimal? MayReach { get; set; }

    /// <summary>What the answer says was charged: the billing truth, where the API reports it.</summary>
    public decimal? ChargedReported { get; set; }

    /// <summary>
    /// The balance the answer reports after the charge: the settle takes it instead of reading the balance again.
    /// Null when the answer has none (the balance is then read).
    /// </summary>
    public decimal? BalanceAfterReported { get; set; }

    public string? TraceId { get; set; }

    /// <summary>Rows written once the target is settled: the pipeline may stop taking them (Select-Object -First).</summary>
    public List<object> Rows { get; } = new();

    /// <summary>
    /// The receipt as this cmdlet's own output row (an event unlock). Null: the receipt goes to the
    /// information stream (tags Lensmor, Receipt) and its line to the screen.
    /// </summary>
    public Func<SpendReceipt, object>? ReceiptRow { get; set; }

    /// <summary>Closing lines about the rows (who was not delivered), said after the receipt.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Closing verbose lines (what happens next), said after the warnings.</summary>
    public List<string> Notes { get; } = new();

    /// <summary>A terminating error that stopped the send part-way: thrown once what went out is settled and reported.</summary>
    public LensmorException? Failure { get; set; }

    /// <summary>With <see cref="Failure"/>: what was and was not sent, said before what the balance moved.</summary>
    public string? FailureSummary { get; set; }

    /// <summary>With <see cref="Failure"/>: what to do next, said after what the balance moved.</summary>
    public string? FailureAdvice { get; set; }
}
