using Lensmor.Core.Session;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// The two paid company-name searches (events, exhibitors). Each call reads one page for up to 50 credits,
/// nothing when it finds nothing (0.24), so the receipt reports what the balance actually moved. A search
/// has no state to re-read, so an identical one with an unknown outcome is not sent again unasked.
/// </summary>
internal sealed class PaidCompanySearch<TItem>
    where TItem : class
{
    public const decimal ListPrice = PriceList.CompanySearchPage;

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

    /// <summary>
    /// One run: every company name of the pipeline, deduplicated as the API matches them, priced and checked
    /// as a whole before the first prompt, then one paid search per name.
    /// </summary>
    public async Task RunAsync(LensmorSession session, ILensmorHost host, IEnumerable<string?> rawCompanyNames, int page, int pageSize, decimal? maxCredits, bool retryUnsettled)
    {
        InputValidation.Paging(page, pageSize);
        var names = new List<string>();
        foreach (var raw in rawCompanyNames)
        {
            var name = InputValidation.CompanyName(raw);
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        using var run = new PaidRun(session.Spending, host, "search", RunLimits.MaxCredits(maxCredits));
        foreach (var companyName in names)
        {
            var target = $"company '{companyName}'";
            var precheck = PrecheckAction == null ? null : await PrecheckOperation.RunAsync(session, host, PrecheckAction,
                new Dictionary<string, object> { ["company_name"] = companyName }, companyName).ConfigureAwait(false);
            var expected = precheck == null ? ListPrice : PrecheckOperation.ExpectedCost(precheck, ListPrice);
            var paid = new PaidAction(session.Spending, host, Cmdlet, Action, new[] { companyName }, $"page {page}/{pageSize}");
            try
            {
                UnsettledRepeat.Resolve(paid, host, target, retryUnsettled, "search");
                if (precheck?.Allowed == false && precheck.ReasonCode != PrecheckReasons.InsufficientBalance)
                {
                    throw PrecheckDenial.ToError(precheck, target);
                }
            }
            catch (LensmorException)
            {
                paid.Dispose();
                throw;
            }

            run.PrecheckSaysShort |= precheck?.ReasonCode == PrecheckReasons.InsufficientBalance;
            run.Add(new PlannedSpend(target, $"Search {Noun} by company name, page {page},", expected, paid, companyName)
            {
                PriceNote = "charged only if something is found",
            });
        }

        await run.ExecuteAsync((spend, balance) => SendAsync(session, host, spend, balance, page, pageSize)).ConfigureAwait(false);
    }

    private async Task<decimal> SendAsync(LensmorSession session, ILensmorHost host, PlannedSpend spend, decimal? before, int page, int pageSize)
    {
        var companyName = (string)spend.State!;
        var target = spend.Target;
        var expected = spend.Expected ?? ListPrice;
        var paid = spend.Intent;
        paid.EnsureAffordable(expected, before, companyName);

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
        var after = await CreditBalance.TryReadAfterSendAsync(session.Client, host).ConfigureAwait(false);
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
            ChargedCredits = charged,
            BalanceBefore = before,
            BalanceAfter = after,
            TraceId = response.TraceId,
            CompletedAt = Timestamps.Iso(DateTimeOffset.UtcNow),
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

        return charged ?? (items.Count > 0 ? expected : 0);
    }
}
