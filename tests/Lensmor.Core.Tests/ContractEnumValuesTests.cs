using System.Reflection;
using System.Text.Json;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Operations;
using Lensmor.Core.Operations.Paid;
using Lensmor.Core.Session;

namespace Lensmor.Core.Tests;

/// <summary>
/// The values the module sends for the contract's request enums are the contract's own, spelled as it spells
/// them (the API compares case). Read from openapi-0.24.3.json, so a contract change shows up here.
/// linkedin_message_types and sponsor_match_starred are not here: the module never sends them.
/// </summary>
public sealed class ContractEnumValuesTests
{
    private static readonly JsonElement Contract = Load();

    private static JsonElement Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contract", "openapi-0.24.3.json")));
        return doc.RootElement.Clone();
    }

    private static string[] Enum(params string[] path)
    {
        var node = Contract;
        foreach (var step in path)
            node = node.GetProperty(step);
        return Sorted(node.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!));
    }

    private static string[] Sorted(IEnumerable<string> values) => values.OrderBy(v => v, StringComparer.Ordinal).ToArray();

    [Fact]
    public void Action_types_are_the_contract_enum_and_every_internal_precheck_uses_one_of_them()
    {
        var contract = Enum("components", "schemas", "ActionPrecheckRequest", "properties", "action_type");
        Assert.Equal(contract, Sorted(ActionCheckOperation.KnownActionTypes));
        var internalTypes = typeof(PrecheckActionTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(internalTypes);
        Assert.All(internalTypes, t => Assert.Contains(t, contract));
    }

    [Fact]
    public void Outreach_channels_are_the_contract_enum()
    {
        Assert.Equal(Enum("components", "schemas", "OutreachMessageRequest", "properties", "channels", "items"), Sorted(OutreachMessageOperation.KnownChannels));
    }

    [Fact]
    public void Personnel_source_types_are_the_contract_enum()
    {
        var parameter = Contract.GetProperty("paths").GetProperty("/external/personnel/list").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.TryGetProperty("name", out var n) && n.GetString() == "sourceType");
        Assert.Equal(Sorted(parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)), Sorted(PersonnelOperation.SourceTypes));
    }

    [Fact]
    public void Every_call_source_maps_to_a_value_of_the_header_enum()
    {
        var contract = Enum("components", "parameters", "CallSource", "schema");
        var sent = System.Enum.GetValues(typeof(Http.CallSource)).Cast<Http.CallSource>()
            .Select(source => new Http.LensmorConnection(Http.ApiKey.Parse("sk_contract_enum_test_0000", Http.ApiKeySource.Parameter),
                new Session.LensmorConnectionOptions { BaseUri = "http://127.0.0.1:1/", CallSource = source }))
            .Select(connection => { using (connection) { return connection.CallSourceHeaderValue; } });
        Assert.Equal(contract, Sorted(sent));
    }
}
