using System.Xml.Linq;

namespace Lensmor.Module.Tests;

/// <summary>
/// Lensmor.Format.ps1xml as metadata: views name only real types and properties, once each. How the views render
/// (80 and 120 columns, one-line headers, whole numbers, a view for every output type) is held by the engine in
/// tests/Lensmor.Engine.Tests/ViewTests.cs.
/// </summary>
public class FormatTests
{
    public static XDocument Load() => XDocument.Load(ModuleLayout.ModuleFile("Lensmor.Format.ps1xml"));

    public static IEnumerable<XElement> Views(XDocument doc) => doc.Root!.Element("ViewDefinitions")?.Elements("View") ?? Enumerable.Empty<XElement>();

    private static Type? CoreType(string name)
    {
        var type = ModuleMetadata.Instance.Core.GetType(name);
        return type is { IsPublic: true } ? type : null;
    }

    [Fact]
    public void Every_view_selects_a_real_public_type_and_real_properties()
    {
        var doc = Load();
        Assert.Equal("Configuration", doc.Root!.Name.LocalName);
        var failures = new Failures();
        foreach (var view in Views(doc))
        {
            var name = (string?)view.Element("Name") ?? "(unnamed)";
            var typeNames = view.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()).ToList() ?? new List<string>();
            failures.Check(typeNames.Count > 0, $"View {name} selects no type.");
            foreach (var typeName in typeNames)
            {
                var type = CoreType(typeName);
                if (type == null)
                {
                    failures.Add($"View {name}: {typeName} is not a public type in Lensmor.Core.dll.");
                    continue;
                }

                var properties = type.GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var property in view.Descendants("PropertyName").Select(p => p.Value.Trim()))
                {
                    failures.Check(properties.Contains(property), $"View {name}: {typeName} has no property '{property}'.");
                }
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void Each_type_has_at_most_one_view_of_each_kind()
    {
        // A view selected by several types (the contact unlock results and tasks) is shared on purpose: it keeps a
        // mixed run in one table. What PowerShell would silently ignore is a second view of a type's own.
        var duplicates = Views(Load())
            .Where(v => v.Element("ViewSelectedBy")?.Elements("TypeName").Count() == 1)
            .SelectMany(v => (v.Element("ViewSelectedBy")?.Elements("TypeName") ?? Enumerable.Empty<XElement>())
                .Select(t => t.Value.Trim() + " " + (v.Element("TableControl") != null ? "table" : v.Element("ListControl") != null ? "list" : "other")))
            .GroupBy(k => k, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        Assert.True(duplicates.Count == 0, "PowerShell uses only the first of these views; merge them: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void View_names_are_unique()
    {
        var names = Views(Load()).Select(v => (string?)v.Element("Name")).ToList();
        Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n)));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
