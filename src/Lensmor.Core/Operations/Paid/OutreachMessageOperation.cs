using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.Core.Operations.Paid;

/// <summary>
/// Request-LensmorOutreachMessage on the paid-run skeleton (POST personnel/generate-outreach-message, paid per
/// person, at most 50 per request; one confirmation for the run) and Get-LensmorOutreachMessage (GET
/// personnel/outreach, free).
/// </summary>
public sealed class OutreachMessageOperation : IPaidSteps<PeopleRun>
{
    public const int MaxPerRequest = 50;
    public const int PurposeMaxLength = 2000;

    /// <summary>Outreach detail takes event ids of at most 20 characters.</summary>
    public const int DetailEventIdMaxLength = 20;

    /// <summary>The contract's channels item enum, as it must be sent (the API compares case); -Channel takes any case.</summary>
    public static readonly IReadOnlyList<string> KnownChannels = new[] { "email", "linkedin_message" };

    private readonly List<string> channels;
    private readonly string purpose;
    private readonly PaidRun<PeopleRun> run;

    public OutreachMessageOperation(LensmorSession session, IEnumerable<string>? channels, string? purpose, decimal? maxCredits = null)
    {
        run = new PaidRun<PeopleRun>(() => session.Spending, this, maxCredits);
        this.channels = Channels(channels);
        this.purpose = InputValidation.Text(purpose, "Purpose", PurposeMaxLength, required: false);
    }

    PaidRunShape IPaidSteps<PeopleRun>.Shape { get; } = new("Request-LensmorOutreachMessage", "outreach run")
    {
        PlanSliceSize = 0,
        WhenEmpty = "No people were given; nothing to generate.",
    };

    /// <summary>-RetryUnsettled: send even though an identical request has an unknown outcome (it may be charged again).</summary>
    public bool RetryUnsettled { get; set; }

    /// <summary>The run as -PlanPath and Invoke-LensmorPlan drive it.</summary>
    public IPaidRun Paid => run;

    public void Add(string? personnelId, string? eventId) => run.Gather(PersonBatches.Key(personnelId, eventId, InputValidation.EventIdMaxLength));

    public Task RunAsync(ILensmorHost host) => run.RunAsync(host);

    Task IPaidSteps<PeopleRun>.PlanAsync(IReadOnlyList<string> targetIds, PlanSlice<PeopleRun> plan)
    {
        var batches = PersonBatches.Split(targetIds, MaxPerRequest);
        var name = PersonBatches.Describe(targetIds);
        var intent = plan.Intent("GenerateOutreach", batches.SelectMany(b => b.Ids), string.Join(",", channels));
        UnsettledRepeat.Resolve(intent, plan.Host, name, RetryUnsettled, "outreach request");
        plan.Add(new PlanTarget(Join.Values(targetIds), name,
            $"Generate {string.Join(" and ", channels)} outreach for {PersonBatches.SizeIn(targetIds.Count, batches.Count)}", ExpectedCredits: null,
            PriceNote: "charged on every call"), new PeopleRun(batches), intent);
        return Task.CompletedTask;
    }

    async Task<Sent> IPaidSteps<PeopleRun>.SendAsync(Planned<PeopleRun> target, PaidSender sender)
    {
        var (sent, rows) = await PerPersonRequests.SendAsync<OutreachMessageResponseDto, OutreachRequestResult>(
            sender, "external/personnel/generate-outreach-message", target.State.Batches, Body,
            (response, eventId, ids) => ToRows(response, eventId, ids, sender)).ConfigureAwait(false);
        if (PerPersonRequests.Failures(rows, r => !r.Success, r => $"{r.PersonnelId} ({r.Error ?? "no reason given"})", "outreach generations did not start") is { } failures)
        {
            sent.Warnings.Add(failures);
        }

        return sent;
    }

    private Dictionary<string, object> Body(string eventId, List<string> ids)
    {
        var body = new Dictionary<string, object> { ["personnel_ids"] = ids, ["event_id"] = eventId, ["channels"] = channels };
        if (purpose.Length > 0)
        {
            body["outreach_purpose"] = purpose;
        }

        return body;
    }

    private IEnumerable<OutreachRequestResult> ToRows(OutreachMessageResponseDto response, string eventId, List<string> ids, PaidSender sender)
    {
        var items = (response.Items ?? new List<OutreachMessageItemDto>()).Where(i => i.PersonnelId != null)
            .GroupBy(i => i.PersonnelId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var id in ids)
        {
            items.TryGetValue(id, out var item);
            if (item?.TaskId is { Length: > 0 } taskId)
            {
                sender.Sent(taskId);
            }

            yield return new OutreachRequestResult
            {
                PersonnelId = id,
                EventId = eventId,
                Success = item?.Success == true,
                TaskId = item?.TaskId,
                Error = item == null ? "NOT_IN_RESPONSE" : item.Error,
                Channels = string.Join("; ", channels),
                TaskCenterId = response.TaskCenterId,
            };
        }
    }

    /// <summary>Get-LensmorOutreachMessage: the latest generated outreach for one person and event. Free.</summary>
    public static async Task GetAsync(LensmorSession session, ILensmorHost host, string? rawPersonnelId, string? rawEventId)
    {
        var personnelId = InputValidation.PersonnelId(rawPersonnelId);
        var eventId = InputValidation.EventId(rawEventId, DetailEventIdMaxLength);
        var request = new LensmorRequest(HttpMethod.Get, "external/personnel/outreach", RequestKind.Read, personnelId)
            .With("personnel_id", personnelId).With("event_id", eventId);
        var response = await session.Client.SendAsync<OutreachDetailDto>(request, host).ConfigureAwait(false);
        host.WriteObject(OutreachMessage.From(response.Value, personnelId, eventId));
    }

    private static List<string> Channels(IEnumerable<string>? requested)
    {
        var list = new List<string>();
        foreach (var raw in requested ?? new[] { "email" })
        {
            var known = KnownChannels.FirstOrDefault(k => string.Equals(k, raw?.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw LensmorException.InvalidArgument($"-Channel '{raw}' is not one of email, linkedin_message. Nothing was sent.", raw, "Pass -Channel email, linkedin_message, or both.");
            if (!list.Contains(known))
            {
                list.Add(known);
            }
        }

        if (list.Count == 0)
        {
            throw LensmorException.InvalidArgument("-Channel is empty. Nothing was sent.", null, "Pass -Channel email, linkedin_message, or both.");
        }

        return list;
    }
}
