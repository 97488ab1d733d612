using System.Reflection;
using Lensmor.Core.Tests.Support;
using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Arrows point one way between the namespaces of the module assembly (Lensmor.dll) and from them into
/// Lensmor.Core's rooms. The table below is the module's whole architecture: a row's namespace may refer to the
/// columns marked x, and to nothing else. Core's rooms among themselves are held by Core's own table
/// (tests/Lensmor.Core.Tests/LayeringTests.cs); here they are columns only, since Core cannot refer back to the
/// module. The arrows are read from the built out/Lensmor/Lensmor.dll by the same NamespaceGraph (signatures and
/// IL), which is why this lives with the engine tests: they reference Microsoft.PowerShell.SDK, so the module's
/// types load.
/// </summary>
public sealed class ModuleLayeringTests
{
    /// <summary>The short names of the table, left to right: each room sits above every room after it.</summary>
    private static readonly (string Short, string Namespace)[] Rooms =
    {
        ("Cmds", "Lensmor.PowerShell.Cmdlets"),   // the cmdlets: parameters, binding, which Core call each makes
        ("PS", "Lensmor.PowerShell"),             // the cmdlet bases, the pipeline host bridge, module state, completers
        // Lensmor.Core's rooms, in Core's own order (columns only: Core's table holds their arrows).
        ("Paid", "Lensmor.Core.Operations.Paid"),
        ("Ops", "Lensmor.Core.Operations"),
        ("Sess", "Lensmor.Core.Session"),
        ("Spnd", "Lensmor.Core.Spending"),
        ("Http", "Lensmor.Core.Http"),
        ("Out", "Lensmor"),
        ("Wire", "Lensmor.Core.Model.Wire"),
        ("Host", "Lensmor.Core.Hosting"),
        ("Errs", "Lensmor.Core.Errors"),
        ("Core", "Lensmor.Core"),
    };

    /// <summary>
    /// Allowed arrows: row refers to column. "." is the room itself; "-" is forbidden. Why the dashes:
    /// <list type="bullet">
    /// <item>no room of the module refers to Wire: cmdlets emit the output types (Out), never the API's DTOs;</item>
    /// <item>Lensmor.PowerShell is shared by every cmdlet, so it never names a cmdlet (Cmds) nor a particular paid
    /// run (Paid): the paid base drives a run through the skeleton's IPaidRun (Spnd), and its cmdlet supplies the run;</item>
    /// <item>Lensmor.PowerShell sees failures as LensmorException (Errs), never HTTP; among the cmdlets only
    /// Connect-Lensmor uses Http, to parse the key and set the connection's HTTP options.</item>
    /// </list>
    /// </summary>
    private static readonly string[] Allowed =
    {
        //       Cmds PS   Paid Ops  Sess Spnd Http Out  Wire Host Errs Core
        "Cmds |  .    x    x    x    x    x    x    x    -    x    x    x",
        "PS   |  -    .    -    x    x    x    -    x    -    x    x    x",
    };

    private static readonly Lazy<(Assembly Module, Assembly Core)> Assemblies = new(() => (Load("Lensmor"), Load("Lensmor.Core")));

    private static readonly Lazy<NamespaceGraph> Graph = new(() => NamespaceGraph.Of(Assemblies.Value.Module, "Lensmor", Assemblies.Value.Core));

    private static readonly RoomTable Table = new(Rooms, Allowed);

    /// <summary>
    /// The assembly as built into out/Lensmor: the one an engine test's Import-Module already loaded, or loaded
    /// from the same path, so that a later Import-Module in this process finds the same assembly.
    /// </summary>
    private static Assembly Load(string name)
    {
        var path = Path.Combine(RepoPaths.Root, "out", "Lensmor", name + ".dll");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The module is not built: {path}. Run dotnet build LensmorPS.sln first.");
        }

        return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name) ?? Assembly.LoadFrom(path);
    }

    [Fact]
    public void Every_arrow_from_a_namespace_of_the_module_is_in_the_table()
    {
        var offending = Table.Disallowed(Graph.Value);

        Assert.True(offending.Count == 0, "Arrows the table does not allow:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Every_namespace_of_the_module_has_a_row_and_every_one_it_uses_a_column()
    {
        var own = Assemblies.Value.Module.GetTypes().Select(t => t.Namespace)
            .OfType<string>().Where(n => n.StartsWith("Lensmor", StringComparison.Ordinal)).Distinct();
        var withoutRow = own.Except(Table.RowNamespaces).ToList();
        var withoutColumn = Graph.Value.Namespaces.Except(Table.Columns).ToList();

        Assert.True(withoutRow.Count == 0, "Add a row and a column for: " + string.Join(", ", withoutRow));
        Assert.True(withoutColumn.Count == 0, "Add a column for: " + string.Join(", ", withoutColumn));
    }

    /// <summary>
    /// The module's rows are the table's first rooms and point only down (right of their own "."), and Core's
    /// rooms below them point only down in Core's table; with no arrow from Core back to the module, the whole
    /// picture has no cycle.
    /// </summary>
    [Fact]
    public void The_table_only_points_down_so_it_allows_no_cycle()
    {
        var problems = Table.ShapeProblems();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_module_has_no_namespace_cycle_and_Core_never_refers_back_to_it()
    {
        var cycles = Graph.Value.Cycles().ToList();

        Assert.True(cycles.Count == 0, "Namespaces that reach each other:\n" + string.Join("\n", cycles));
        Assert.DoesNotContain(Assemblies.Value.Core.GetReferencedAssemblies(), a => a.Name == "Lensmor");
    }
}
