using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>What a paid company-name search is: its cmdlet, route, precheck and how a found item becomes a row.</summary>
/// <param name="Action">The journal's action name.</param>
/// <param name="Noun">What the search finds, for messages: "events", "exhibitors".</param>
/// <param name="PrecheckAction">The precheck action type, where the contract has one.</param>
internal sealed record CompanySearchKind<TItem>(string Cmdlet, string Action, string Route, string Noun, string? PrecheckAction, Func<TItem, string, object> ToOutput)
    where TItem : class
{
    public CompanySearchRun Start(LensmorSession session, int page, int pageSize, decimal? maxCredits, bool retryUnsettled) =>
        new PaidCompanySearch<TItem>(this, session, page, pageSize, maxCredits, retryUnsettled);

    /// <summary>A run of the given company names, as Core callers make it; a run of one throws its own error.</summary>
    public Task RunAsync(LensmorSession session, ILensmorHost host, IEnumerable<string?> rawCompanyNames, int page, int pageSize, decimal? maxCredits, bool retryUnsettled, bool single)
    {
        var run = Start(session, page, pageSize, maxCredits, retryUnsettled);
        foreach (var name in rawCompanyNames)
        {
            run.Add(name);
        }

        return run.RunAsync(host, single);
    }
}

/// <summary>One pipeline run of a paid company-name search (Search-LensmorExhibitor, Search-LensmorExhibitorEvents).</summary>
public abstract class CompanySearchRun
{
    /// <summary>Gathers one company name; names match as the API matches them (trimmed, any case).</summary>
    public abstract void Add(string? rawCompanyName);

    public Task RunAsync(ILensmorHost host) => RunAsync(host, single: false);

    /// <summary>The run as -PlanPath and Invoke-LensmorPlan drive it.</summary>
    public abstract IPaidRun Paid { get; }

    internal abstract Task RunAsync(ILensmorHost host, bool single);
}

/// <summary>
/// The two paid company-name searches (events, exhibitors) on the paid-run skeleton. Each call reads one page
/// for up to 50 credits, nothing when it finds nothing (0.24), so the receipt reports what the balance
/// actually moved. A search has no state to re-read, so an identical one with an unknown outcome is not sent
/// again unasked (-RetryUnsettled).
/// </summary>
internal sealed class PaidCompanySearch<TItem> : CompanySearchRun, IPaidSteps<string>
    where TItem : class
{
    public const decimal ListPrice = PriceList.CompanySearchPage;

    private readonly CompanySearchKind<TItem> kind;
    private readonly LensmorSession session;
    private readonly int page;
    private readonly int pageSize;
    private readonly bool retryUnsettled;
    private readonly PaidRun<string> run;

    public PaidCompanySearch(CompanySearchKind<TItem> kind, LensmorSession session, int page, int pageSize, decimal? maxCredits, bool retryUnsettled)
    {
        this.kind = kind;
        this.session = session;
        this.page = page;
        this.pageSize = pageSize;
        this.retryUnsettled = retryUnsettled;
        Shape = new PaidRunShape(kind.Cmdlet, "search") { SameTarget = StringComparer.OrdinalIgnoreCase };
        run = new PaidRun<string>(() => session.Spending, this, maxCredits);
    }

    public PaidRunShape Shape { get; }

    public override void Add(string? rawCompanyName) => run.Gather(InputValidation.CompanyName(rawCompanyName));

    public override IPaidRun Paid => run;

    internal override Task RunAsync(ILensmorHost host, bool single)
    {
        // Checked when the run starts, as an error of the run (not of the cmdlet's start).
        InputValidation.Paging(page, pageSize);
        return run.RunAsync(host, throwPerTargetErrors: single);
    }

    /// <summary>The plan step for one name: the precheck where the contract has one, and an earlier unsettled search.</summary>
    public async Task PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<string> plan)
    {
        var companyName = targetIds[0];
        var name = $"company '{companyName}'";
        var precheck = kind.PrecheckAction == null ? null : await PrecheckOperation.RunAsync(session, plan.Host, kind.PrecheckAction,
            new Dictionary<string, object> { ["company_name"] = companyName }, companyName).ConfigureAwait(false);
        var expected = precheck == null ? ListPrice : PrecheckOperation.ExpectedCost(precheck, ListPrice);
        var intent = plan.Intent(kind.Action, new[] { companyName }, $"page {page}/{pageSize}");
        UnsettledRepeat.Resolve(intent, plan.Host, name, retryUnsettled, "search");
        if (precheck?.Allowed == false && precheck.ReasonCode != PrecheckReasons.InsufficientBalance)
        {
            throw PrecheckDenial.ToError(precheck, name);
        }

        plan.PrecheckSaysShort |= precheck?.ReasonCode == PrecheckReasons.InsufficientBalance;
        plan.Add(new PlanTarget(companyName, name, $"Search {kind.Noun} by company name, page {page},", expected, precheck?.ReasonCode,
            "charged only if something is found", Label: companyName), companyName, intent);
    }

    /// <summary>The send step: one paid search for one page; an empty page is not charged.</summary>
    public async Task<Sent> SendAsync(Planned<string> target, PaidSender sender)
    {
        var companyName = target.State;
        var request = new LensmorRequest(HttpMethod.Post, kind.Route, RequestKind.Paid, companyName)
        {
            SendsCallSource = true,
            Body = new Dictionary<string, object> { ["company_name"] = companyName, ["page"] = page, ["pageSize"] = pageSize },
        };
        var response = await sender.SendAsync<PageDto<TItem>>(request).ConfigureAwait(false);
        var items = response.Value.Items ?? new List<TItem>();
        if (items.Count == 0)
        {
            sender.Host.WriteVerbose($"No {kind.Noun} matched {target.Target.Name}; an empty result is not charged.");
        }

        if (response.Value.HasMore == true)
        {
            sender.Host.WriteWarning($"Page {page} of {response.Value.TotalPages?.ToString() ?? "?"} ({response.Value.Total?.ToString() ?? "?"} {kind.Noun} in all). Each further page is another paid search: add -Page {page + 1} to read it.");
        }

        var sent = new Sent(items.Count > 0 ? target.Target.ExpectedCredits ?? ListPrice : 0) { TraceId = response.TraceId };
        sent.Rows.AddRange(items.Select(item => kind.ToOutput(item, companyName)));
        return sent;
    }
}
