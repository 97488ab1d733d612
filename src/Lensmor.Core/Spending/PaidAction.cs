using Lensmor;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;

namespace Lensmor.Core.Spending;

/// <summary>
/// One intent of a paid run as the journal and the session's spend limit see it: reserved before its paid
/// requests, journalled around each of them, settled afterwards. <see cref="PaidRun{TState}"/> calls it at its
/// steps 6 (reserve), 7 (journal) and 9 (settle); plan steps use it to find and close an earlier unsettled
/// attempt of the same intent.
/// </summary>
/// <remarks>
/// An attempt's state in the journal is its last record: intended, sent, unknown (the sender gave up without
/// an answer) or settled. A run of several requests can reopen an attempt that an early rejection settled.
/// </remarks>
public sealed class PaidAction : IDisposable
{
    private readonly SpendContext spending;
    private readonly ILensmorHost host;
    private readonly JournalRecord attempt;
    private readonly Lazy<JournalRecord?> unsettled;
    private JournalRecord? superseded;
    private bool open;
    private bool givenUp;
    private int answered;
    private decimal reservation;
    private bool reservationClosed = true;

    public PaidAction(SpendContext spending, ILensmorHost host, string cmdlet, string action, IEnumerable<string> targetIds, string scope = "")
    {
        this.spending = spending;
        this.host = host;
        var targets = targetIds.ToList();
        attempt = new JournalRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Key = IntentJournal.KeyFor(spending.Account, action, targets, scope),
            Account = spending.Account,
            Cmdlet = cmdlet,
            Action = action,
            Targets = Join.Values(targets),
            Scope = scope,
            ProcessId = CurrentProcessId,
            Machine = Environment.MachineName,
            Plan = spending.PlanId,
        };
        unsettled = new Lazy<JournalRecord?>(() => spending.Journal?.FindUnsettled(attempt.Key, host));
    }

    /// <summary>The journal's name for the action ("UnlockEvent"), as the spend log and receipts show it.</summary>
    public string Action => attempt.Action;

    /// <summary>The intent (account, action, targets, scope) as the journal keys it: a saved plan keeps it per target.</summary>
    public string Key => attempt.Key;

    /// <summary>Which target of the saved plan this applies (its place in the file): the records written from now on say so.</summary>
    public void Applies(int planTarget) => attempt.PlanTarget = planTarget;

    /// <summary>
    /// What running the same command again does about an unknown outcome. It names only parameters the
    /// cmdlet has: operations with -RetryUnsettled say so themselves.
    /// </summary>
    public string ResumeAdvice { get; set; } = "Running the same command again checks it first and re-reads the state instead of paying twice.";

    /// <summary>
    /// An earlier attempt of the same intent that was sent and never settled, whose sender gave up: its
    /// request may have been applied. The operation resumes it (re-reads state, polls its task) instead of
    /// sending again, or refuses.
    /// </summary>
    public JournalRecord? Unsettled => unsettled.Value;

    /// <summary>
    /// Step 6, reserve, just before one target's paid requests: refuse a cost above the balance the run has
    /// left, or above what the session's spend limit has left (which it then holds for this action). Both are
    /// terminating and logged as refused. -MaxCredits is the run's, checked whole at step 3.
    /// </summary>
    public void EnsureAffordable(decimal expectedCredits, decimal? balance, object? target)
    {
        attempt.Expected = expectedCredits;
        try
        {
            if (balance is { } b && expectedCredits > b)
            {
                throw LensmorException.InsufficientCredits(target, expectedCredits, b);
            }

            spending.SpendLimit.Reserve(expectedCredits, target);
            reservation = expectedCredits;
            reservationClosed = false;
        }
        catch (LensmorException e)
        {
            WriteAfterSend(Final(SpendOutcome.Refused, 0, null, null, e.ErrorId));
            throw;
        }
    }

    /// <summary>The whole run was refused before anything was asked or sent: on record as refused.</summary>
    public void Refuse(decimal expectedCredits, string errorId)
    {
        attempt.Expected = expectedCredits;
        WriteAfterSend(Final(SpendOutcome.Refused, 0, null, null, errorId));
    }

    /// <summary>
    /// -RetryUnsettled: the earlier attempt is closed as superseded when (and only if) this one is really sent,
    /// so that a -WhatIf rehearsal or a No at the prompt leaves it open.
    /// </summary>
    public void Supersede(JournalRecord earlier) => superseded = earlier;

    /// <summary>Step 7, journal: one paid request, journalled as intended and sent before it leaves.</summary>
    public async Task<LensmorResponse<T>> SendAsync<T>(LensmorRequest request)
        where T : class
    {
        if (request.Kind != RequestKind.Paid)
        {
            throw new InvalidOperationException("PaidAction sends paid requests only.");
        }

        try
        {
            spending.Journal?.Append(attempt.Next(JournalRecord.Intended));
            spending.Journal?.Append(attempt.Next(JournalRecord.Sent));
        }
        catch (LensmorException e) when (e.ErrorId == ErrorIds.JournalUnavailable)
        {
            throw new LensmorException(e.ErrorId, e.Category, e.Message + " The paid request was not sent.", e.RecommendedAction, true, e.TargetObject, inner: e);
        }

        open = true;
        if (superseded is { } earlier)
        {
            superseded = null;
            SettleEarlier(earlier, SpendOutcome.Unknown, null, "superseded by -RetryUnsettled");
        }

        try
        {
            var response = await spending.Client.SendAsync<T>(request, host).ConfigureAwait(false);
            answered++;
            return response;
        }
        catch (LensmorException e) when (!MayHaveBeenApplied(e))
        {
            // A rejected first request fails the attempt; after an answered one, Settle records what the run cost.
            if (answered == 0)
            {
                open = false;
                ReleaseReservation();
                WriteAfterSend(Final(SpendOutcome.Failed, 0, null, e.TraceId, e.ErrorId));
            }

            throw;
        }
        catch (Exception e) when (e is LensmorException || e is OperationCanceledException)
        {
            GiveUp();
            TryWarn($"The outcome of {attempt.Action} for {attempt.Targets} is unknown; it stays open in the Lensmor journal (intent {attempt.Key}). " + ResumeAdvice);
            throw;
        }
    }

    /// <summary>Records the task ids a paid request created, so that a later run can poll them instead of creating new ones.</summary>
    public void Sent(params string[] taskIds)
    {
        attempt.TaskIds = Join.Values(new[] { attempt.TaskIds }.Concat(taskIds));
        WriteAfterSend(attempt.Next(JournalRecord.Sent));
    }

    /// <summary>Step 9, settle: what the action really cost; it counts against the session's spend limit.</summary>
    public void Settle(decimal charged, decimal? balanceAfter = null, string? traceId = null)
    {
        open = false;
        if (givenUp)
        {
            // Counted as an unknown outcome's cost, so that settling the attempt later replaces it instead of adding to it.
            CloseAsUnknown(charged);
            // One request of this run has an unknown outcome: what the balance moved is recorded, but the attempt
            // stays open, so that the next identical command checks it before paying again.
            var stillOpen = attempt.Next(JournalRecord.Unknown);
            stillOpen.Charged = charged;
            stillOpen.BalanceAfter = balanceAfter;
            stillOpen.TraceId = traceId;
            stillOpen.Note = $"the balance moved by {Credits.Format(charged)} while one request's outcome was unknown";
            WriteAfterSend(stillOpen);
            return;
        }

        CommitReservation(charged);
        WriteAfterSend(Final(charged > 0 ? SpendOutcome.Charged : SpendOutcome.Free, charged, balanceAfter, traceId, null));
    }

    /// <summary>An action that needed no paid request (already unlocked, nothing chargeable).</summary>
    public void RecordFree(string? traceId = null, string? note = null)
    {
        ReleaseReservation();
        WriteAfterSend(Final(SpendOutcome.Free, 0, null, traceId, note));
    }

    /// <summary>
    /// For an idempotent action (an event unlock), whether a different attempt of this intent was the one
    /// charged, so that an unsettled attempt found applied is not counted a second time.
    /// </summary>
    public bool ChargedByAnotherAttempt(JournalRecord earlier) =>
        spending.Journal?.ChargedByAnotherAttempt(earlier.Key, earlier.Id, host) ?? false;

    /// <summary>Closes an earlier unsettled attempt once the operation has re-read what really happened.</summary>
    public void SettleEarlier(JournalRecord earlier, SpendOutcome outcome, decimal? charged, string note)
    {
        var record = earlier.Next(JournalRecord.Settled);
        record.Outcome = outcome.ToString().ToLowerInvariant();
        record.Charged = charged;
        record.Note = note;
        WriteAfterSend(record);
        if (charged is { } c && !host.IsWhatIf)
        {
            // If this session counted the attempt when its outcome became unknown, the real cost replaces that.
            spending.SpendLimit.SettleUnknown(earlier.Id, c);
        }
    }

    /// <summary>
    /// A sent attempt left without settling (Ctrl+C while waiting, Select-Object -First, an error) is marked
    /// unknown, and its reservation counts as spent: the charge may exist. An attempt that was settled after
    /// one of its requests was lost has already counted what the balance moved, so nothing more is counted.
    /// </summary>
    public void Dispose()
    {
        GiveUp();
        if (!givenUp)
        {
            ReleaseReservation();
        }
        else
        {
            CloseAsUnknown(null);
        }
    }

    /// <summary>Read once: every journal record carries it, and it never changes.</summary>
    private static readonly int CurrentProcessId = ReadProcessId();

    private static int ReadProcessId()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.Id;
    }

    /// <summary>
    /// No answer, or a server error on a paid route: Lensmor may have applied it. (A paid request that never
    /// connected is a ServerError without a status, and is known not to have been applied.)
    /// </summary>
    public static bool MayHaveBeenApplied(LensmorException e) =>
        e.ErrorId == ErrorIds.OutcomeUnknown || (e.ErrorId == ErrorIds.ServerError && e.StatusCode >= 500);

    private void GiveUp()
    {
        if (open)
        {
            open = false;
            givenUp = true;
            WriteAfterSend(attempt.Next(JournalRecord.Unknown));
        }
    }

    private void CommitReservation(decimal charged)
    {
        if (!reservationClosed)
        {
            reservationClosed = true;
            spending.SpendLimit.Commit(reservation, charged);
        }
        else
        {
            spending.SpendLimit.Record(charged);
        }
    }

    /// <param name="counted">What the balance moved, when it was read; otherwise the reservation counts.</param>
    private void CloseAsUnknown(decimal? counted)
    {
        if (reservationClosed && counted == null)
        {
            return; // settled already: what the balance moved was counted then
        }

        var held = reservationClosed ? 0 : reservation;
        reservationClosed = true;
        spending.SpendLimit.CommitUnknown(attempt.Id, held, counted);
    }

    private void ReleaseReservation()
    {
        if (!reservationClosed)
        {
            reservationClosed = true;
            spending.SpendLimit.Release(reservation);
        }
    }

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

    /// <summary>
    /// Once a request may have left, a journal that cannot be written must not hide what happened: the user is
    /// told, and the command's own result stands.
    /// </summary>
    private void WriteAfterSend(JournalRecord record)
    {
        // -WhatIf leaves no trace: nothing is sent, and nothing is recorded either.
        if (host.IsWhatIf)
        {
            return;
        }

        try
        {
            spending.Journal?.Append(record);
        }
        catch (LensmorException e) when (e.ErrorId == ErrorIds.JournalUnavailable)
        {
            TryWarn($"The Lensmor journal could not record {record.State} {record.Outcome} for {attempt.Action} on {attempt.Targets}: {e.Message} " +
                    "Check Get-LensmorBalance before running the same command again.");
        }
    }

    private void TryWarn(string message)
    {
        try
        {
            host.WriteWarning(message);
        }
        catch (OperationCanceledException)
        {
            // The pipeline is stopping (Ctrl+C): the journal still holds the record.
        }
    }
}
