using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;

namespace Lensmor.Core.Spending;

/// <summary>
/// The gate every paid request goes through: the spend checks before the prompt, the intent journal around
/// the one paid send, and the settlement afterwards. Operations keep their own logic (precheck, prompt
/// text, receipt, how to resume); this keeps the rules that must hold for all of them in one place.
/// </summary>
public sealed class PaidAction : IDisposable
{
    private readonly LensmorSession session;
    private readonly ILensmorHost host;
    private readonly decimal? maxCredits;
    private readonly JournalRecord attempt;
    private readonly Lazy<JournalRecord?> unsettled;
    private bool sent;
    private bool settled;
    private bool givenUp;
    private int answered;

    public PaidAction(LensmorSession session, ILensmorHost host, string cmdlet, string action, IEnumerable<string> targetIds, string scope = "", decimal? maxCredits = null)
    {
        if (maxCredits is { } m && m < 0)
        {
            throw LensmorException.InvalidArgument("-MaxCredits cannot be negative.", m, "Pass 0 or more credits.");
        }

        this.session = session;
        this.host = host;
        this.maxCredits = maxCredits;
        TargetIds = targetIds.ToList();
        attempt = new JournalRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Key = IntentJournal.KeyFor(session.Account, action, TargetIds, scope),
            Account = session.Account,
            Cmdlet = cmdlet,
            Action = action,
            Targets = string.Join("; ", TargetIds),
            Scope = scope,
            ProcessId = CurrentProcessId,
            Machine = Environment.MachineName,
        };
        unsettled = new Lazy<JournalRecord?>(() => session.Journal?.FindUnsettled(attempt.Key, host));
    }

    public IReadOnlyList<string> TargetIds { get; }

    public string IntentKey => attempt.Key;

    public decimal Expected => attempt.Expected;

    /// <summary>
    /// An earlier attempt of the same intent that was sent and never settled: its request may have been
    /// applied. The operation resumes it (re-reads state, polls its task) instead of sending again.
    /// </summary>
    public JournalRecord? Unsettled => unsettled.Value;

    /// <summary>
    /// Step 3 of the protocol: refuse, before any prompt or paid request, a cost above -MaxCredits, above
    /// the session's spend limit, or above the balance. All three are terminating and logged as refused.
    /// </summary>
    public void EnsureAffordable(decimal expectedCredits, decimal? balance, object? target)
    {
        attempt.Expected = expectedCredits;
        try
        {
            if (maxCredits is { } max && expectedCredits > max)
            {
                throw new LensmorException(ErrorIds.MaxCreditsExceeded, LensmorErrorCategory.QuotaExceeded,
                    $"This run would cost {Credits.Format(expectedCredits)} credits, more than -MaxCredits {Credits.Format(max)}. Nothing was sent and nothing was charged.",
                    "Raise -MaxCredits if the cost is right, or narrow the run (fewer ids) and try again.",
                    isTerminating: true, target);
            }

            session.SpendLimit.EnsureRoomFor(expectedCredits, target);
            if (balance is { } b && expectedCredits > b)
            {
                throw LensmorException.InsufficientCredits(target, expectedCredits, b);
            }
        }
        catch (LensmorException e)
        {
            Write(Final(SpendOutcome.Refused, 0, null, null, e.ErrorId));
            throw;
        }
    }

    /// <summary>Step 5: the one paid request, journalled as intended and sent before it leaves.</summary>
    public async Task<LensmorResponse<T>> SendAsync<T>(LensmorRequest request)
        where T : class
    {
        if (request.Kind != RequestKind.Paid)
        {
            throw new InvalidOperationException("PaidAction sends paid requests only.");
        }

        Write(attempt.Next(JournalRecord.Intended));
        Write(attempt.Next(JournalRecord.Sent));
        sent = true;
        try
        {
            var response = await session.Client.SendAsync<T>(request, host).ConfigureAwait(false);
            answered++;
            return response;
        }
        catch (LensmorException e) when (!MayHaveBeenApplied(e))
        {
            // A rejected first request fails the attempt; after an answered one, Settle records what the run cost.
            if (answered == 0 && !settled)
            {
                settled = true;
                Write(Final(SpendOutcome.Failed, 0, null, e.TraceId, e.ErrorId));
            }

            throw;
        }
        catch (Exception e) when (e is LensmorException || e is OperationCanceledException)
        {
            GiveUp();
            host.WriteWarning($"The outcome of {attempt.Action} for {attempt.Targets} is unknown; it stays open in the Lensmor journal (intent {attempt.Key}). " +
                              "Running the same command again checks it first: it re-reads the state, or refuses to pay a second time unless you add -RetryUnsettled.");
            throw;
        }
    }

    /// <summary>Records the task ids a paid request created, so that a later run can poll them instead of creating new ones.</summary>
    public void Sent(params string[] taskIds)
    {
        attempt.TaskIds = string.Join("; ", new[] { attempt.TaskIds }.Concat(taskIds).Where(t => !string.IsNullOrEmpty(t)));
        Write(attempt.Next(JournalRecord.Sent));
    }

    /// <summary>Task ids reported through <see cref="Sent"/>, in order.</summary>
    public IReadOnlyList<string> SentTaskIds =>
        (attempt.TaskIds ?? string.Empty).Split(new[] { "; " }, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Step 6: what the action really cost; counts against the session's spend limit.</summary>
    public void Settle(decimal charged, decimal? balanceAfter = null, string? traceId = null)
    {
        settled = true;
        session.SpendLimit.Record(charged);
        if (givenUp)
        {
            // One request of this run has an unknown outcome: what the balance moved is recorded, but the attempt
            // stays open, so that the next identical command checks it before paying again.
            var open = attempt.Next(JournalRecord.Unknown);
            open.Charged = charged;
            open.BalanceAfter = balanceAfter;
            open.TraceId = traceId;
            open.Note = $"the balance moved by {Credits.Format(charged)} while one request's outcome was unknown";
            Write(open);
            return;
        }

        Write(Final(charged > 0 ? SpendOutcome.Charged : SpendOutcome.Free, charged, balanceAfter, traceId, null));
    }

    /// <summary>An action that needed no paid request (already unlocked, nothing chargeable).</summary>
    public void RecordFree(string? traceId = null, string? note = null)
    {
        settled = true;
        Write(Final(SpendOutcome.Free, 0, null, traceId, note));
    }

    /// <summary>
    /// For an idempotent action (an event unlock), whether a different attempt of this intent was the one
    /// charged, so that an unsettled attempt found applied is not counted a second time.
    /// </summary>
    public bool ChargedByAnotherAttempt(JournalRecord earlier) =>
        session.Journal?.ChargedByAnotherAttempt(earlier.Key, earlier.Id, host) ?? false;

    /// <summary>Closes an earlier unsettled attempt once the operation has re-read what really happened.</summary>
    public void SettleEarlier(JournalRecord earlier, SpendOutcome outcome, decimal? charged, string note)
    {
        var record = earlier.Next(JournalRecord.Settled);
        record.Outcome = outcome.ToString().ToLowerInvariant();
        record.Charged = charged;
        record.Note = note;
        session.Journal?.Append(record);
        if (charged is { } c)
        {
            session.SpendLimit.Record(c);
        }
    }

    /// <summary>An attempt that was sent and is left without settling (Ctrl+C while waiting, an error) is marked unknown.</summary>
    public void Dispose() => GiveUp();

    private void GiveUp()
    {
        if (sent && !settled)
        {
            settled = true;
            givenUp = true;
            Write(attempt.Next(JournalRecord.Unknown));
        }
    }

    private static int CurrentProcessId
    {
        get
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return process.Id;
        }
    }

    /// <summary>
    /// No answer, or a server error on a paid route: Lensmor may have applied it. (A paid request that never
    /// connected is a ServerError without a status, and is known not to have been applied.)
    /// </summary>
    private static bool MayHaveBeenApplied(LensmorException e) =>
        e.ErrorId == ErrorIds.OutcomeUnknown || (e.ErrorId == ErrorIds.ServerError && e.StatusCode >= 500);

    private JournalRecord Final(SpendOutcome outcome, decimal charged, decimal? balanceAfter, string? traceId, string? note)
    {
        var record = attempt.Next(JournalRecord.Settled);
        record.Outcome = outcome.ToString().ToLowerInvariant();
        record.Charged = charged;
        record.BalanceAfter = balanceAfter;
        record.TraceId = traceId;
        record.Note = note;
        return record;
    }

    private void Write(JournalRecord record) => session.Journal?.Append(record);
}
