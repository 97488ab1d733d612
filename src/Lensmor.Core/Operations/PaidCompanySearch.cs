using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations;

/// <summary>
/// The two paid company-name searches (events, exhibitors). Each call reads one page for up to 50 credits,
/// nothing when it finds nothing (0.24), so the receipt reports what the balance actually moved. A search
/// has no state to re-read, so an identical one with an unknown outcome is not sent again unasked.
/// </summary>
internal sealed class PaidCompanySearch<TItem>
    where TItem : class
{
    public const decimal ListPrice = 50;

    public PaidCompanySearch(string cmdlet, string action, string route, string noun, string? precheckAction, Func<TItem, string, object> toOutput)
    {
        Cmdlet = cmdlet;
        Action = action;
        Route = route;
        Noun = noun;
        PrecheckAction = precheckAction;
        ToOutput = toOutput;
    }

    public string Cmdlet { get; }
    public string Action { get; }
    public string Route { get; }

    /// <summary>What the search finds, for messages: "events", "exhibitors".</summary>
    public string Noun { get; }

    /// <summary>The precheck action type, where the contract has one.</summary>
    public string? PrecheckAction { get; }

    public Func<TItem, string, object> ToOutput { get; }

    public async Task RunAsync(LensmorSession session, ILensmorHost host, string? rawCompanyName, int page, int pageSize, RunBudget? budget, bool retryUnsettled)
    {
        // 1. Validate locally.
        var companyName = InputValidation.Text(rawCompanyName, "CompanyName", InputValidation.CompanyNameMaxLength, required: true);
        InputValidation.Paging(page, pageSize);
        var target = $"company '{companyName}'";

        // 2-3. Precheck where one exists, the balance, the journal, the caps.
        var precheck = PrecheckAction == null ? null : await PrecheckOperation.RunAsync(session, host, PrecheckAction,
            new Dictionary<string, object> { ["company_name"] = companyName }, companyName).ConfigureAwait(false);
        var expected = precheck == null ? ListPrice : PrecheckOperation.ExpectedCost(precheck, ListPrice);
        var before = (await BalanceOperation.GetAsync(session, host).ConfigureAwait(false)).TotalBalance;
        using var paid = new PaidAction(session, host, Cmdlet, Action, new[] { companyName }, $"page {page}/{pageSize}", budget?.Remaining);
        UnsettledRepeat.Resolve(paid, host, target, retryUnsettled, "search");
        if (precheck?.ReasonCode == PrecheckReasons.InsufficientBalance)
        {
            throw LensmorException.InsufficientCredits(companyName, expected, before ?? 0);
        }

        paid.EnsureAffordable(expected, before, companyName);
        if (precheck?.Allowed == false)
        {
            throw PrecheckDenial.ToError(precheck, target);
        }

        // 4. Ask. Under -WhatIf the cost still counts against the run's -MaxCredits.
        var action = $"Search {Noun} by company name, page {page}, for up to {Credits.Format(expected)} credits, charged only if something is found (balance {Credits.Format(before)} -> {Credits.Format(before - expected)})";
        var proceed = host.ShouldProcess(target, action);
        if (proceed || host.IsWhatIf)
        {
            budget?.Commit(expected);
        }

        if (!proceed)
        {
            return;
        }

        // 5. One paid request.
        var request = new LensmorRequest(HttpMethod.Post, Route, RequestKind.Paid, companyName)
        {
            SendsCallSource = true,
            Body = new Dictionary<string, object> { ["company_name"] = companyName, ["page"] = page, ["pageSize"] = pageSize },
        };
        var response = await paid.SendAsync<PageDto<TItem>>(request).ConfigureAwait(false);
        var items = response.Value.Items ?? new List<TItem>();

        // 6. What the balance moved is what it cost; settled before the results are written, because the
        // pipeline may stop taking them (Select-Object -First) and the charge must be on record regardless.
        var after = await BalanceOperation.TryRefreshAsync(session, host).ConfigureAwait(false);
        var charged = before - after;
        paid.Settle(charged ?? (items.Count > 0 ? expected : 0), after, response.TraceId);
        foreach (var item in items)
        {
            host.WriteObject(ToOutput(item, companyName));
        }

        var receipt = new SpendReceipt
        {
            Action = Action,
            Target = companyName,
            ExpectedCredits = expected,
            CreditsCharged = charged,
            BalanceBefore = before,
            BalanceAfter = after,
            TraceId = response.TraceId,
            CompletedAt = Lensmor.Core.Model.Timestamps.Iso(DateTimeOffset.UtcNow),
        };
        host.WriteInformation(receipt, "Lensmor", "Receipt");
        host.WriteVerbose(receipt.ToString());

        if (items.Count == 0)
        {
            host.WriteVerbose($"No {Noun} matched {target}; an empty result is not charged (the balance moved by {Credits.Format(charged)}).");
        }
        else if (charged is { } c && c != expected)
        {
            host.WriteWarning($"{target}: expected {Credits.Format(expected)} credits but the balance moved by {Credits.Format(c)} (traceId {response.TraceId ?? "none"}).");
        }

        if (response.Value.HasMore == true)
        {
            host.WriteWarning($"Page {page} of {response.Value.TotalPages?.ToString() ?? "?"} ({response.Value.Total?.ToString() ?? "?"} {Noun} in all). Each further page is another paid search: add -Page {page + 1} to read it.");
        }
    }
}
