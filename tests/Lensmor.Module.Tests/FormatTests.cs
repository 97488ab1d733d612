using System.Xml.Linq;

namespace Lensmor.Module.Tests;

/// <summary>Lensmor.Format.ps1xml: default views for wide objects, naming only real types and properties.</summary>
public class FormatTests
{
    public const int ConsoleWidth = 120;

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
    public void Table_views_have_one_header_per_column_and_fit_the_console()
    {
        var failures = new Failures();
        foreach (var view in Views(Load()).Where(v => v.Element("TableControl") != null))
        {
            var name = (string?)view.Element("Name");
            var table = view.Element("TableControl")!;
            var headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").ToList() ?? new List<XElement>();
            foreach (var row in table.Element("TableRowEntries")?.Elements("TableRowEntry") ?? Enumerable.Empty<XElement>())
            {
                var items = row.Element("TableColumnItems")?.Elements("TableColumnItem").ToList() ?? new List<XElement>();
                failures.Check(items.Count == headers.Count, $"View {name}: {headers.Count} headers but {items.Count} columns.");
            }

            var widths = headers.Select(h => (int?)h.Element("Width")).ToList();
            failures.Check(widths.All(w => w is > 0), $"View {name}: every column needs a Width so the table does not depend on the first rows.");
            var total = widths.Sum(w => w ?? 0) + headers.Count - 1;
            failures.Check(total <= ConsoleWidth, $"View {name}: columns need {total} characters; the console has {ConsoleWidth}.");
            failures.Check(headers.Count is >= 3 and <= 8, $"View {name}: {headers.Count} columns; keep 3 to 8 so a 120-column console stays readable.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Wide_output_types_have_a_default_view()
    {
        var selected = Views(Load()).SelectMany(v => v.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()) ?? Enumerable.Empty<string>())
            .ToHashSet(StringComparer.Ordinal);
        var failures = new Failures();
        foreach (var type in ModuleMetadata.Instance.OutputTypes.Where(t => t.GetProperties().Length > 5))
        {
            failures.Check(selected.Contains(type.FullName!), $"{type.FullName} has {type.GetProperties().Length} properties but no default view in Lensmor.Format.ps1xml.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void The_named_views_exist()
    {
        var views = Views(Load()).Select(v => (Type: v.Element("ViewSelectedBy")?.Element("TypeName")?.Value.Trim(), Table: v.Element("TableControl") != null, List: v.Element("ListControl") != null)).ToList();
        foreach (var type in new[] { "Lensmor.Balance", "Lensmor.EventUnlockReceipt", "Lensmor.ExhibitorEventMatch", "Lensmor.SpendReceipt" })
        {
            Assert.Contains(views, v => v.Type == type && v.Table);
        }

        Assert.Contains(views, v => v.Type == "Lensmor.ContextInfo" && v.List);
    }

    [Fact]
    public void Each_type_has_at_most_one_view_of_each_kind()
    {
        var duplicates = Views(Load())
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
