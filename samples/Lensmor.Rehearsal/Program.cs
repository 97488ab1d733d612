using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Sandbox;

namespace Lensmor.Rehearsal;

/// <summary>
/// The module's main job, rehearsed against an in-process sandbox: the same Core calls the cmdlets make,
/// printed as a PowerShell console would show them. Nothing here can reach the real Lensmor API.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args) => await RunAsync(Console.Out).ConfigureAwait(false);

    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions()).ConfigureAwait(false);
        var journalPath = Path.Combine(Path.GetTempPath(), "lensmor-rehearsal-" + Guid.NewGuid().ToString("N"), "journal.jsonl");
        using var session = new LensmorSession(ApiKey.Parse(sandbox.ApiKey, ApiKeySource.Parameter), new LensmorConnectionOptions
        {
            BaseUri = sandbox.BaseUri.ToString(),
            Journal = new Lensmor.Core.Spending.IntentJournal(journalPath),
        });
        output.WriteLine($"Rehearsing against the Lensmor sandbox at {sandbox.BaseUri} (no real credits are involved).");

        void Step(string command, bool whatIf, bool answer, Func<ILensmorHost, Task> operation)
        {
            output.WriteLine();
            output.WriteLine("PS> " + command);
            try
            {
                PipelineBridge.Run(new ConsolePipeline(output, whatIf, answer), CancellationToken.None, operation);
            }
            catch (LensmorException e)
            {
                output.WriteLine($"ERROR [{e.ErrorId}] {e.Message}\n  -> {e.RecommendedAction}");
            }
        }

        var eventId = sandbox.World.EventIdAt(0);
        var company = sandbox.World.CompanyNameOfExhibitor(sandbox.World.ExhibitorIdAt(0));
        Step("Get-LensmorBalance", false, true, host => BalanceOperation.WriteAsync(session, host));
        Step("Get-LensmorEvent -First 2", false, true, host => EventCatalogOperation.ListAsync(session, host, new EventCatalogOperation.Filter(), new PagingOptions { First = 2 }));
        var whatIfRun = new EventUnlockOperation(session);
        Step($"'{eventId}', '{sandbox.World.EventIdAt(1)}' | Unlock-LensmorEvent -WhatIf", true, false, async host =>
        {
            whatIfRun.Add(eventId);
            whatIfRun.Add(sandbox.World.EventIdAt(1));
            await whatIfRun.RunAsync(host).ConfigureAwait(false);
        });
        Step($"Unlock-LensmorEvent -Id {eventId} -MaxCredits 1000", false, true, host => new EventUnlockOperation(session, maxCredits: 1000).UnlockAsync(eventId, host));
        Step($"Unlock-LensmorEvent -Id {eventId}", false, true, host => new EventUnlockOperation(session).UnlockAsync(eventId, host));
        Step($"Unlock-LensmorEvent -Id {eventId}   # again: already unlocked, nothing charged", false, true, host => new EventUnlockOperation(session).UnlockAsync(eventId, host));
        Step($"Search-LensmorExhibitorEvents -CompanyName '{company}' -PageSize 2 -InformationAction Continue", false, true,
            host => ExhibitorEventSearchOperation.RunAsync(session, host, company, pageSize: 2));
        Step("Get-LensmorSpendLog", false, true, host => SpendLogOperation.WriteAsync(session.Journal, host, null, null, null));
        Step("Get-LensmorBalance", false, true, host => BalanceOperation.WriteAsync(session, host));

        output.WriteLine();
        output.WriteLine($"Ledger: {sandbox.Ledger.Charges.Count} charges, {Lensmor.Core.Credits.Format(sandbox.Ledger.Charges.Sum(c => c.Credits))} credits in all; balance {Lensmor.Core.Credits.Format(sandbox.Ledger.TotalBalance)}.");
        TryDelete(Path.GetDirectoryName(journalPath)!);
        return 0;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
