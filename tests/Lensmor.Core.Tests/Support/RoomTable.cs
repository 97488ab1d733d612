namespace Lensmor.Core.Tests.Support;

/// <summary>
/// A layering table as LayeringTests (Core) and ModuleLayeringTests (the module) write it: the rooms, top to
/// bottom, as columns; and rows such as "Ops  |  -    .    x", where x lets the row's namespace refer to the
/// column's, "." is the row itself and "-" is forbidden. Rows are the first rooms, in order. A table may have fewer
/// rows than columns: its last rooms are then ends of arrows only, held by another table.
/// </summary>
public sealed class RoomTable
{
    private readonly (string Short, string Namespace)[] rooms;
    private readonly string[] rows;

    public RoomTable((string Short, string Namespace)[] rooms, string[] rows)
    {
        this.rooms = rooms;
        this.rows = rows;
    }

    public int RowCount => rows.Length;

    public IEnumerable<string> Columns => rooms.Select(r => r.Namespace);

    public IEnumerable<string> RowNamespaces => rows.Select(row => Room(row).Namespace);

    /// <summary>The graph's arrows the table does not allow, each with the members that make it.</summary>
    public List<string> Disallowed(NamespaceGraph graph)
    {
        var allowed = AllowedArrows();
        return graph.Arrows.SelectMany(a => a.Value.Select(to => (From: a.Key, To: to)))
            .Where(arrow => !allowed.Contains(arrow))
            .Select(arrow => $"{arrow.From} -> {arrow.To}, through {string.Join(", ", graph.Why(arrow.From, arrow.To).Take(5))}")
            .ToList();
    }

    /// <summary>
    /// Why the table would allow a cycle or misread: a row out of order, a row of the wrong width, or a mark left
    /// of a row's "." (every room may refer only to rooms after it, so no set of allowed arrows closes a loop).
    /// </summary>
    public List<string> ShapeProblems()
    {
        var problems = new List<string>();
        for (var row = 0; row < rows.Length; row++)
        {
            var name = rows[row].Split('|')[0].Trim();
            if (name != rooms[row].Short)
            {
                problems.Add($"Row {row + 1} is {name}; the rooms put {rooms[row].Short} there.");
                continue;
            }

            var marks = Marks(rows[row]);
            if (marks.Length != rooms.Length)
            {
                problems.Add($"Row {name} has {marks.Length} marks for {rooms.Length} columns.");
                continue;
            }

            for (var column = 0; column < marks.Length; column++)
            {
                var expected = column < row ? "-" : column == row ? "." : marks[column] is "x" or "-" ? marks[column] : "x or -";
                if (expected != marks[column])
                {
                    problems.Add($"Row {name}, column {rooms[column].Short} holds '{marks[column]}' where only '{expected}' may stand: a room refers only to rooms after it.");
                }
            }
        }

        return problems;
    }

    private HashSet<(string From, string To)> AllowedArrows()
    {
        var arrows = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            var marks = Marks(row);
            for (var column = 0; column < marks.Length; column++)
            {
                if (marks[column] == "x")
                {
                    arrows.Add((Room(row).Namespace, rooms[column].Namespace));
                }
            }
        }

        return arrows;
    }

    private (string Short, string Namespace) Room(string row) => rooms.Single(r => r.Short == row.Split('|')[0].Trim());

    private static string[] Marks(string row) => row.Split('|')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
