using System.Management.Automation;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>Tab completion through the engine's own TabExpansion2, as PSReadLine calls it; completion never sends a request.</summary>
public sealed class CompletionTests
{
    private static List<CompletionResult> Complete(EngineSession engine, string line) =>
        engine.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches", line)
            .ThrowOnError().Output.Select(o => (CompletionResult)o.BaseObject).ToList();

    private static List<string> Texts(EngineSession engine, string line) => Complete(engine, line).Select(c => c.CompletionText).ToList();

    [Fact]
    public async Task Every_filter_a_user_tabs_through_offers_values_not_file_names_and_sends_nothing()
    {
        await using var engine = await EngineSession.StartAsync();
        var parameters = engine.Run("""
            Get-Command -Module Lensmor | ForEach-Object {
                $command = $_
                $command.Parameters.Keys | Where-Object { $_ -in 'Country', 'City', 'EventType', 'Quality', 'Department', 'Level', 'SourceType', 'Cmdlet', 'Outcome', 'Scope', 'ActionType', 'Channel' } |
                    ForEach-Object { "$($command.Name) -$_" }
            }
            """).ThrowOnError().Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Contains("Get-LensmorEvent -Country", parameters);
        Assert.Contains("Get-LensmorPersonnel -Level", parameters);
        Assert.Contains("Get-LensmorSpendLog -Outcome", parameters);
        var before = engine.Sandbox!.Requests.All.Count;

        foreach (var parameter in parameters)
        {
            var results = Complete(engine, parameter + " ");
            Assert.True(results.Count > 0, $"{parameter} <Tab> offers nothing.");
            var other = results.FirstOrDefault(r => r.ResultType != CompletionResultType.ParameterValue);
            Assert.True(other is null, $"{parameter} <Tab> offers {other?.CompletionText} ({other?.ResultType}).");
        }

        Assert.Equal(before, engine.Sandbox.Requests.All.Count);
        Assert.Empty(engine.Sandbox.Ledger.Charges);
    }

    [Fact]
    public async Task Country_and_city_offer_common_places_and_a_prefix_narrows_them()
    {
        await using var engine = await EngineSession.StartAsync();
        Assert.Contains("'United States'", Texts(engine, "Get-LensmorEvent -Country "));
        Assert.Equal(new[] { "Germany" }, Texts(engine, "Get-LensmorEvent -Country Ger"));
        Assert.Contains("Frankfurt", Texts(engine, "Get-LensmorEvent -City Fr"));
        Assert.Contains("'C-Level'", Texts(engine, "Get-LensmorPersonnel -EventId 139185 -Level "));
        Assert.Contains("Marketing", Texts(engine, "Get-LensmorPersonnel -EventId 139185 -Department Mar"));
    }

    [Fact]
    public async Task Event_ids_come_from_the_events_this_session_has_listed_with_the_name_as_tooltip()
    {
        await using var engine = await EngineSession.StartAsync();
        // EngineSession starts with Disconnect-Lensmor, which forgets what earlier tests listed.
        Assert.DoesNotContain("139237", Texts(engine, "Unlock-LensmorEvent -Id 13923"));

        var name = (string)engine.Run("(Get-LensmorEvent -Id 139237).Name").ThrowOnError().Output[0].BaseObject;
        var requests = engine.Sandbox!.Requests.All.Count;

        var byId = Complete(engine, "Unlock-LensmorEvent -Id 13923");
        var hit = Assert.Single(byId, r => r.CompletionText == "139237");
        Assert.Equal(name, hit.ToolTip);
        Assert.Contains("139237", Texts(engine, "Get-LensmorPersonnel -EventId 13923"));
        Assert.Contains("139237", Texts(engine, "Get-LensmorExhibitor -EventId '" + name.Split(' ')[0]));
        Assert.Equal(requests, engine.Sandbox.Requests.All.Count);
        Assert.Empty(engine.Sandbox.Ledger.Charges);

        engine.Run("Disconnect-Lensmor").ThrowOnError();
        Assert.DoesNotContain("139237", Texts(engine, "Unlock-LensmorEvent -Id 13923"));
    }

    [Fact]
    public async Task The_spend_log_completes_the_paid_cmdlets_and_the_outcomes()
    {
        await using var engine = await EngineSession.StartAsync();
        var cmdlets = Texts(engine, "Get-LensmorSpendLog -Cmdlet ");
        Assert.Contains("Unlock-LensmorEvent", cmdlets);
        Assert.Contains("Search-LensmorExhibitorEvents", cmdlets);
        Assert.Contains("Unlock-LensmorContactEmail", cmdlets);
        Assert.DoesNotContain("Get-LensmorBalance", cmdlets);
        Assert.Equal(new[] { "Unlock-LensmorContactEmail", "Unlock-LensmorContactPhone" }, Texts(engine, "Get-LensmorSpendLog -Cmdlet Unlock-LensmorC"));

        Assert.Equal(new[] { "Charged", "Free", "Refused", "Failed", "Unknown" }.Order(), Texts(engine, "Get-LensmorSpendLog -Outcome ").Order());
    }

    [Fact]
    public async Task Test_LensmorAction_offers_the_contract_action_types_and_refuses_others_before_sending()
    {
        await using var engine = await EngineSession.StartAsync();
        Assert.Equal(
            new[] { "query_event_personnel", "unlock_event_contacts", "unlock_event_visitors", "unlock_event_full_access", "unlock_contact_emails", "unlock_contact_phones", "search_exhibitor_events", "others" }.Order(),
            Texts(engine, "Test-LensmorAction -ActionType ").Order());

        var typed = engine.Run("Test-LensmorAction -Action UnlockEventContacts -EventId 139185").ThrowOnError();
        Assert.Equal("unlock_event_contacts", typed.Output[0].Properties["ActionType"].Value);
        Assert.Contains("\"action_type\":\"unlock_event_contacts\"", engine.Sandbox!.Requests.All.Last().Body);

        var requests = engine.Sandbox.Requests.All.Count;
        var refused = engine.Run("Test-LensmorAction -ActionType launch_rockets");
        Assert.Equal(new[] { "LensmorInvalidArgument" }, refused.ErrorIds);
        Assert.Equal(requests, engine.Sandbox.Requests.All.Count);
    }
}
