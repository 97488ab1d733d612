using System.Reflection;
using Lensmor.Core.Http;
using Lensmor.Core.Session;
using Lensmor.Core.Tests.Support;

namespace Lensmor.Core.Tests;

/// <summary>
/// Arrows point one way between the namespaces ("rooms") of Lensmor.Core. The table below is the whole
/// architecture: a row's namespace may refer to the columns marked x, and to nothing else. The arrows are read
/// from the compiled assembly (signatures and IL: a call inside a method body counts), so a `using` that
/// slips in through a lambda or an async method is caught too.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The short names of the table, top to bottom: each room sits above every room after it.</summary>
    private static readonly (string Short, string Namespace)[] Rooms =
    {
        ("Paid", "Lensmor.Core.Operations.Paid"), // the paid runs: each a typed plan step and send step
        ("Ops", "Lensmor.Core.Operations"),       // free reads, input validation, precheck
        ("Sess", "Lensmor.Core.Session"),         // who is connected; composes a client with its spend limit and journal
        ("Spnd", "Lensmor.Core.Spending"),        // the paid-run skeleton, limits, journal; takes a SpendContext, never the session
        ("Http", "Lensmor.Core.Http"),            // send once, retry policy, rate model, errors, redaction
        ("Out", "Lensmor"),                       // the output types users see (Format.ps1xml, PSTypeName) and their helpers
        ("Wire", "Lensmor.Core.Model.Wire"),      // DTOs named as the API names them
        ("Host", "Lensmor.Core.Hosting"),         // Core's view of PowerShell
        ("Errs", "Lensmor.Core.Errors"),          // error ids and LensmorException
        ("Core", "Lensmor.Core"),                 // Credits: how amounts read
    };

    /// <summary>Allowed arrows: row refers to column. "." is the room itself; "-" is forbidden.</summary>
    private static readonly string[] Allowed =
    {
        //       Paid Ops  Sess Spnd Http Out  Wire Host Errs Core
        "Paid |  .    x    x    x    x    x    x    x    x    x",
        "Ops  |  -    .    x    x    x    x    x    x    x    x",
        "Sess |  -    -    .    x    x    x    x    x    x    x",
        "Spnd |  -    -    -    .    x    x    x    x    x    x",
        "Http |  -    -    -    -    .    -    -    x    x    x",
        "Out  |  -    -    -    -    -    .    x    -    -    x",
        "Wire |  -    -    -    -    -    -    .    -    -    -",
        "Host |  -    -    -    -    -    -    -    .    x    x",
        "Errs |  -    -    -    -    -    -    -    -    .    x",
        "Core |  -    -    -    -    -    -    -    -    -    .",
    };

    private const BindingFlags Everything = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly Lazy<NamespaceGraph> Graph = new(() => NamespaceGraph.Of(typeof(LensmorClient).Assembly));

    private static readonly RoomTable Table = new(Rooms, Allowed);

    [Fact]
    public void Every_arrow_between_namespaces_of_Lensmor_Core_is_in_the_table()
    {
        var offending = Table.Disallowed(Graph.Value);

        Assert.True(offending.Count == 0, "Arrows the table does not allow:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Every_namespace_of_Lensmor_Core_has_a_row_in_the_table()
    {
        var unknown = Graph.Value.Namespaces.Except(Table.Columns).ToList();

        Assert.True(unknown.Count == 0, "Add a row and a column for: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_table_is_square_and_only_points_down_so_it_allows_no_cycle()
    {
        var problems = Table.ShapeProblems();

        Assert.Equal(Rooms.Length, Table.RowCount);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Lensmor_Core_has_no_namespace_cycle()
    {
        Assert.Empty(Graph.Value.Cycles());
    }

    [Fact]
    public void The_graph_sees_a_reference_made_only_inside_a_method_body()
    {
        var graph = NamespaceGraph.Of(typeof(LayeringTests).Assembly, "Lensmor.Core.Tests.LayeringFixture");

        Assert.Contains("Lensmor.Core.Tests.LayeringFixture.Below", graph.Arrows["Lensmor.Core.Tests.LayeringFixture.Above"]);
        Assert.Contains(graph.Why("Lensmor.Core.Tests.LayeringFixture.Above", "Lensmor.Core.Tests.LayeringFixture.Below"), w => w.StartsWith("Caller.InLambda", StringComparison.Ordinal));
        Assert.False(graph.Arrows.ContainsKey("Lensmor.Core.Tests.LayeringFixture.Below"));
    }

    [Theory]
    [InlineData(typeof(LensmorConnection))]
    [InlineData(typeof(LensmorClient))]
    public void The_HTTP_side_never_refers_to_the_session_or_to_spending(Type type)
    {
        var used = type.GetFields(Everything).Select(f => f.FieldType)
            .Concat(type.GetProperties(Everything).Select(p => p.PropertyType))
            .Concat(type.GetConstructors(Everything).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(Everything).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .ToList();
        Assert.DoesNotContain(typeof(LensmorSession), used);
        Assert.DoesNotContain(used, t => t.Namespace == "Lensmor.Core.Spending");
    }

    [Fact]
    public void The_session_holds_the_spend_limit_and_the_journal_over_one_connection()
    {
        var properties = typeof(LensmorSession).GetProperties().ToDictionary(p => p.Name, p => p.PropertyType);
        Assert.Equal(typeof(LensmorConnection), properties["Connection"]);
        Assert.Equal(typeof(Spending.SpendLimit), properties["SpendLimit"]);
        Assert.Equal(typeof(Spending.IntentJournal), properties["Journal"]);
        Assert.DoesNotContain(typeof(LensmorConnection).GetProperties(), p => p.Name is "SpendLimit" or "Journal");
    }
}
