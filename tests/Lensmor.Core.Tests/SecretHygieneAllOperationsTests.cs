using Lensmor.Core.Errors;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Tests.Support;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests;

/// <summary>Every operation, run with a recognisable key and debug tracing on: the key shows up nowhere.</summary>
public class SecretHygieneAllOperationsTests
{
    private const string Canary = "CANARYc0ffee5eed4all0ps";
    private const string Key = "sk_" + Canary;

    [Fact]
    public async Task No_operation_leaks_the_key_into_output_errors_traces_or_the_journal()
    {
        await using var server = await TestSandbox.StartAsync(o => o.ApiKey = Key);
        using var temp = new TempJournal();
        using var session = temp.Session(server, timeout: TimeSpan.FromSeconds(1));
        var host = RecordingHost.Yes();
        var whatIf = RecordingHost.WhatIf();
        var failures = new List<Exception>();
        var first3 = new PagingOptions { First = 3 };
        var eventId = TestSandbox.PaidEventId;
        var exhibitorId = server.World.ExhibitorIdsOfEvent(eventId)[0];
        var people = server.World.PersonnelIdsOfEvent(eventId, 400).Where(server.World.HasEmail).Take(2).ToList();
        var company = PaidScenario.FindableCompany(server);

        async Task Capture(Func<Task> run)
        {
            try
            {
                await run();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        await Capture(() => BalanceOperation.WriteAsync(session, host));
        await Capture(() => EventCatalogOperation.ListAsync(session, host, new EventCatalogOperation.Filter(), first3));
        await Capture(() => EventCatalogOperation.GetAsync(session, host, eventId));
        await Capture(() => EventBriefOperation.GetAsync(session, host, eventId));
        await Capture(() => EventFitScoreOperation.GetAsync(session, host, eventId));
        await Capture(() => EventRankOperation.RankAsync(session, host, new[] { eventId, server.World.EventIdAt(1) }));
        await Capture(() => ActionCheckOperation.RunAsync(session, host, "unlock_event_contacts", null, eventId));
        await Capture(() => new EventUnlockOperation(session).UnlockAsync(eventId, whatIf));
        await Capture(() => new EventUnlockOperation(session).UnlockAsync(eventId, host));
        await Capture(() => new EventUnlockOperation(session, EventUnlockScope.Visitors).UnlockAsync(eventId, host));
        await Capture(() => new EventUnlockOperation(session, EventUnlockScope.Full).UnlockAsync(server.World.EventIdAt(2), host));
        await Capture(() => ExhibitorCatalogOperation.ListAsync(session, host, eventId, new ExhibitorCatalogOperation.Filter(), first3));
        await Capture(() => ExhibitorCatalogOperation.GetAsync(session, host, exhibitorId));
        await Capture(() => ExhibitorSearchOperation.FindAsync(session, host, "acme.example", null, first3));
        await Capture(() => ExhibitorEventsOperation.ListAsync(session, host, exhibitorId, first3));
        await Capture(() => ExhibitorCompanySearchOperation.RunAsync(session, host, company));
        await Capture(() => ExhibitorEventSearchOperation.RunAsync(session, host, company));
        await Capture(() => PersonnelOperation.ListAsync(session, host, new PersonnelOperation.Filter { EventId = eventId }, first3));
        await Capture(() => PersonnelOperation.GetAsync(session, host, people[0]));
        var linkedIn = host.Output<Personnel>().Select(p => p.LinkedInUrl).FirstOrDefault(u => !string.IsNullOrEmpty(u));
        await Capture(() => PersonnelOperation.GetByLinkedInAsync(session, host, linkedIn));
        await Capture(() => PersonnelEventsOperation.ListAsync(session, host, people[0], first3));
        await Capture(() => ContactSearchOperation.ListAsync(session, host, company, null, null, first3));
        var contacts = new ContactUnlockOperation(session, ContactChannel.Email) { Backoff = new[] { TimeSpan.FromMilliseconds(20) } };
        people.ForEach(p => contacts.Add(p, eventId));
        await Capture(() => contacts.RunAsync(host));
        var linkedInRun = new LinkedInActivityUnlockOperation(session);
        people.ForEach(p => linkedInRun.Add(p, eventId));
        await Capture(() => linkedInRun.RunAsync(host));
        var outreach = new OutreachMessageOperation(session, new[] { "email" }, "Meet at the booth");
        people.ForEach(p => outreach.Add(p, eventId));
        await Capture(() => outreach.RunAsync(host));
        await Capture(() => OutreachMessageOperation.GetAsync(session, host, people[0], eventId));
        await Capture(() => RecommendedEventOperation.ListAsync(session, host, new RecommendedEventOperation.Filter { CompanyUrl = "acme.example" }, first3));
        await Capture(() => RecommendedExhibitorOperation.ListAsync(session, host, eventId, new RecommendedExhibitorOperation.Filter(), first3));
        await Capture(() => SpendLogOperation.WriteAsync(temp.Journal, host, null, null, null));

        // Failures: a timeout after a paid request, server errors on reads, a 404, and a wrong key.
        server.Faults.Add(new SandboxFault("POST", "^/external/events/[^/]+/unlock$", SandboxFaultKind.DelayAfterExecute) { DelayMs = 2500 });
        await Capture(() => new EventUnlockOperation(session).UnlockAsync(server.World.EventIdAt(3), host));
        server.Faults.Add(new SandboxFault("GET", "^/external/credits/balance$", SandboxFaultKind.StatusBeforeExecute, Times: 10) { StatusCode = 503 });
        await Capture(() => BalanceOperation.GetAsync(session, host));
        server.Faults.Clear();
        await Capture(() => EventCatalogOperation.GetAsync(session, host, "404404404"));
        using (var wrong = TestSandbox.Session(server, key: Key + "x"))
        {
            await Capture(() => BalanceOperation.GetAsync(wrong, host));
        }

        Assert.Contains(failures, f => f is LensmorException { ErrorId: ErrorIds.OutcomeUnknown });
        Assert.Contains(failures, f => f is LensmorException { ErrorId: ErrorIds.Unauthorized });
        Assert.Contains(failures, f => f is LensmorException { ErrorId: ErrorIds.ServerError });
        Assert.Contains(failures, f => f is LensmorException { ErrorId: ErrorIds.NotFound });
        Assert.True(host.Objects.Count > 30, "the operations must have produced output");
        Assert.Contains(host.Debug, d => d.Contains("Authorization: Bearer ***"));
        var everything = host.AllText().Concat(whatIf.AllText()).Concat(failures.Select(f => f.ToString())).Append(temp.Text).ToList();
        Assert.DoesNotContain(everything, text => text.Contains(Canary, StringComparison.Ordinal));
    }
}
