using System.Xml.Linq;

namespace Lensmor.Module.Tests;

/// <summary>en-US/Lensmor.dll-Help.xml (MAML), as Get-Help reads it from out/Lensmor.</summary>
public class HelpTests
{
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace Msh = "http://msh";

    public static XDocument Load() => XDocument.Load(ModuleLayout.ModuleFile("en-US", "Lensmor.dll-Help.xml"));

    public static IEnumerable<string> CommandNames(XDocument doc) =>
        doc.Root!.Elements(Command + "command").Select(c => Text(c.Element(Command + "details")?.Element(Command + "name")));

    /// <summary>The commands by name; a duplicate (e.g. after a union merge) keeps the first, as Get-Help does, and fails its own test.</summary>
    public static Dictionary<string, XElement> Commands(XDocument doc) =>
        doc.Root!.Elements(Command + "command")
            .GroupBy(c => Text(c.Element(Command + "details")?.Element(Command + "name")), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static string Text(XElement? element) => element?.Value.Trim() ?? string.Empty;

    private static string Paras(XElement? description) =>
        string.Join("\n", description?.Elements(Maml + "para").Select(p => p.Value.Trim()) ?? Enumerable.Empty<string>()).Trim();

    [Fact]
    public void The_file_is_MAML()
    {
        var doc = Load();
        Assert.Equal(Msh + "helpItems", doc.Root!.Name);
        Assert.Equal("maml", (string?)doc.Root.Attribute("schema"));
    }

    [Fact]
    public void Each_command_is_documented_once()
    {
        var duplicates = CommandNames(Load()).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Documented more than once (merge both entries into one): " + string.Join(", ", duplicates));
    }

    [Fact]
    public void Help_covers_exactly_the_cmdlets_in_the_dll()
    {
        var documented = Commands(Load()).Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var inDll = ModuleMetadata.Instance.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(inDll, documented);
    }

    [Fact]
    public void Every_cmdlet_has_synopsis_description_verb_noun_and_two_examples()
    {
        var commands = Commands(Load());
        var failures = new Failures();
        foreach (var cmdlet in ModuleMetadata.Instance.Cmdlets)
        {
            if (!commands.TryGetValue(cmdlet.Name, out var help))
            {
                failures.Add($"{cmdlet.Name} has no help.");
                continue;
            }

            var details = help.Element(Command + "details")!;
            failures.Check(Paras(details.Element(Maml + "description")).Length >= 10, $"{cmdlet.Name}: the synopsis is missing or too short.");
            failures.Check(Text(details.Element(Command + "verb")) == cmdlet.Verb, $"{cmdlet.Name}: command:verb is not {cmdlet.Verb}.");
            failures.Check(Text(details.Element(Command + "noun")) == cmdlet.Noun, $"{cmdlet.Name}: command:noun is not {cmdlet.Noun}.");
            failures.Check(Paras(help.Element(Maml + "description")).Length >= 40, $"{cmdlet.Name}: the description is missing or too short.");

            var examples = help.Element(Command + "examples")?.Elements(Command + "example").ToList() ?? new List<XElement>();
            failures.Check(examples.Count >= 2, $"{cmdlet.Name}: {examples.Count} example(s); at least two are needed.");
            foreach (var example in examples)
            {
                var title = Text(example.Element(Maml + "title"));
                var code = Text(example.Element(Dev + "code"));
                failures.Check(title.Length > 0, $"{cmdlet.Name}: an example has no title.");
                failures.Check(code.Contains(cmdlet.Name, StringComparison.Ordinal), $"{cmdlet.Name}: example '{title}' does not run {cmdlet.Name}.");
                failures.Check(Paras(example.Element(Dev + "remarks")).Length > 0, $"{cmdlet.Name}: example '{title}' does not explain itself.");
            }

            var links = help.Element(Command + "relatedLinks")?.Elements(Maml + "navigationLink").ToList() ?? new List<XElement>();
            failures.Check(links.Count > 0, $"{cmdlet.Name}: no related links.");
            failures.Check(links.Any(l => Text(l.Element(Maml + "linkText")) == "about_Lensmor"), $"{cmdlet.Name}: related links should include about_Lensmor.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Every_parameter_is_documented_as_declared()
    {
        var commands = Commands(Load());
        var failures = new Failures();
        foreach (var cmdlet in ModuleMetadata.Instance.Cmdlets)
        {
            if (!commands.TryGetValue(cmdlet.Name, out var help))
            {
                failures.Add($"{cmdlet.Name} has no help.");
                continue;
            }

            var documented = help.Element(Command + "parameters")?.Elements(Command + "parameter")
                .ToDictionary(p => Text(p.Element(Maml + "name")), StringComparer.Ordinal) ?? new Dictionary<string, XElement>();
            var expected = cmdlet.Parameters.Select(p => p.Name).Concat(cmdlet.EngineAddedParameters).ToHashSet(StringComparer.Ordinal);
            foreach (var extra in documented.Keys.Where(k => !expected.Contains(k)))
            {
                failures.Add($"{cmdlet.Name}: help documents -{extra}, which the cmdlet does not have.");
            }

            foreach (var name in cmdlet.EngineAddedParameters.Where(n => !documented.ContainsKey(n)))
            {
                failures.Add($"{cmdlet.Name}: -{name} is not documented (the engine adds it: SupportsShouldProcess or SupportsPaging).");
            }

            foreach (var parameter in cmdlet.Parameters)
            {
                if (!documented.TryGetValue(parameter.Name, out var doc))
                {
                    failures.Add($"{cmdlet.Name}: -{parameter.Name} is not documented.");
                    continue;
                }

                var where = $"{cmdlet.Name} -{parameter.Name}";
                failures.Check(Paras(doc.Element(Maml + "description")).Length >= 10, $"{where}: no description.");
                failures.Check((string?)doc.Attribute("required") == (parameter.MandatoryInAnySet ? "true" : "false"),
                    $"{where}: help says required={(string?)doc.Attribute("required")}, the cmdlet says {parameter.MandatoryInAnySet}.");
                // PlatyPS writes the declared (zero-based) position, as Get-Help shows it for binary cmdlets.
                var position = parameter.Position is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named";
                failures.Check((string?)doc.Attribute("position") == position, $"{where}: help says position {(string?)doc.Attribute("position")}, the cmdlet says {position}.");
                var pipeline = (string?)doc.Attribute("pipelineInput") ?? string.Empty;
                failures.Check(pipeline.Contains("ByValue", StringComparison.Ordinal) == parameter.ValueFromPipeline, $"{where}: pipelineInput '{pipeline}' disagrees with ValueFromPipeline = {parameter.ValueFromPipeline}.");
                failures.Check(pipeline.Contains("ByPropertyName", StringComparison.Ordinal) == parameter.ValueFromPipelineByPropertyName,
                    $"{where}: pipelineInput '{pipeline}' disagrees with ValueFromPipelineByPropertyName = {parameter.ValueFromPipelineByPropertyName}.");
                var typeName = Text(doc.Element(Dev + "type")?.Element(Maml + "name"));
                failures.Check(typeName == TypeName(parameter.ParameterType), $"{where}: help gives type '{typeName}', the cmdlet takes {TypeName(parameter.ParameterType)}.");
                var aliases = (string?)doc.Attribute("aliases") ?? "none";
                var expectedAliases = parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases);
                failures.Check(aliases == expectedAliases, $"{where}: help gives aliases '{aliases}', the cmdlet has '{expectedAliases}'.");
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void The_syntax_shows_each_parameter_set_with_its_parameters()
    {
        var commands = Commands(Load());
        var failures = new Failures();
        foreach (var cmdlet in ModuleMetadata.Instance.Cmdlets.Where(c => commands.ContainsKey(c.Name)))
        {
            var items = commands[cmdlet.Name].Element(Command + "syntax")?.Elements(Command + "syntaxItem").ToList() ?? new List<XElement>();
            failures.Check(items.Count == cmdlet.ParameterSets.Count, $"{cmdlet.Name}: {items.Count} syntax item(s) for {cmdlet.ParameterSets.Count} parameter set(s).");
            var shown = items.Select(i => i.Elements(Command + "parameter").Select(p => Text(p.Element(Maml + "name"))).ToHashSet(StringComparer.Ordinal)).ToList();
            foreach (var set in cmdlet.ParameterSets)
            {
                var expected = cmdlet.Parameters.Where(p => p.InSet(set)).Select(p => p.Name).Concat(cmdlet.EngineAddedParameters).ToHashSet(StringComparer.Ordinal);
                failures.Check(shown.Any(s => s.SetEquals(expected)), $"{cmdlet.Name}: no syntax item shows exactly the parameters of set {set} ({string.Join(", ", expected.OrderBy(e => e))}).");
            }

            foreach (var item in items)
            {
                failures.Check(Text(item.Element(Maml + "name")) == cmdlet.Name, $"{cmdlet.Name}: a syntax item names another command.");
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void Outputs_name_the_real_output_types()
    {
        var commands = Commands(Load());
        var failures = new Failures();
        foreach (var cmdlet in ModuleMetadata.Instance.Cmdlets.Where(c => commands.ContainsKey(c.Name)))
        {
            var help = commands[cmdlet.Name];
            var documented = help.Element(Command + "returnValues")?.Elements(Command + "returnValue")
                .Select(r => Text(r.Element(Dev + "type")?.Element(Maml + "name"))).ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
            foreach (var type in cmdlet.OutputTypes.Where(t => t.FullName != "System.Void"))
            {
                failures.Check(documented.Contains(type.FullName!), $"{cmdlet.Name}: help outputs do not name {type.FullName}.");
            }

            failures.Check(help.Element(Command + "inputTypes")?.Elements(Command + "inputType").Any() == true, $"{cmdlet.Name}: help has no inputs section.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Paid_cmdlets_explain_cost_confirmation_and_error_ids()
    {
        var commands = Commands(Load());
        var failures = new Failures();
        foreach (var cmdlet in ModuleMetadata.Instance.Cmdlets.Where(c => c.IsPaid && commands.ContainsKey(c.Name)))
        {
            var text = commands[cmdlet.Name].Value;
            foreach (var word in new[] { "credits", "-WhatIf", "-Force", "-Confirm", "LensmorPaymentRequired", "LensmorInsufficientCredits", "LensmorOutcomeUnknown", "LensmorInvalidArgument", "about_Lensmor_Credits" })
            {
                failures.Check(text.Contains(word, StringComparison.Ordinal), $"{cmdlet.Name}: help never mentions {word}.");
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void Paid_cmdlets_explain_the_caps_and_link_the_credits_topic()
    {
        var commands = Commands(Load());
        var failures = new Failures();
        foreach (var cmdlet in ModuleMetadata.Instance.Cmdlets.Where(c => c.IsPaid && commands.ContainsKey(c.Name)))
        {
            var help = commands[cmdlet.Name];
            var text = help.Value;
            foreach (var word in new[] { "-MaxCredits", "LensmorMaxCreditsExceeded", "LensmorSpendLimitExceeded", "LensmorBudgetExceeded" })
            {
                failures.Check(text.Contains(word, StringComparison.Ordinal), $"{cmdlet.Name}: help never mentions {word}.");
            }

            var links = help.Element(Command + "relatedLinks")?.Elements(Maml + "navigationLink").Select(l => Text(l.Element(Maml + "linkText"))).ToList() ?? new List<string>();
            failures.Check(links.Contains("about_Lensmor_Credits"), $"{cmdlet.Name}: related links should include about_Lensmor_Credits.");
        }

        failures.AssertNone();
    }

    /// <summary>
    /// The type name as PowerShell's own help writes it: the short name (String[], Decimal for decimal?, EventUnlockScope).
    /// How Get-Help renders it is held by the engine in tests/Lensmor.Engine.Tests/HelpTests.cs.
    /// </summary>
    public static string TypeName(Type type) =>
        type.IsArray ? TypeName(type.GetElementType()!) + "[]"
        : type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? TypeName(type.GetGenericArguments()[0])
        : type.Name;
}
