namespace Lensmor.Module.Tests;

/// <summary>Output objects are flat sealed records, so Export-Csv and Format-Table show values, not type names.</summary>
public class OutputTypeTests
{
    private static readonly IReadOnlySet<string> Scalars = new HashSet<string>(StringComparer.Ordinal)
    {
        "System.String", "System.Boolean", "System.Byte", "System.SByte", "System.Int16", "System.UInt16", "System.Int32",
        "System.UInt32", "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.Decimal", "System.DateTimeOffset",

        // Every output time: compares as a date, prints ISO 8601 in every culture (src/Lensmor.Core/Model/UtcTime.cs).
        "Lensmor.UtcTime",
    };

    /// <summary>
    /// Row collections asked for by name (Get-LensmorPlan's Targets, issue 14): enumerated, they are flat rows for
    /// Export-Csv; as one cell of their owner's CSV row, their ToString (the ids) is written, never a type name.
    /// </summary>
    public static readonly IReadOnlySet<string> RowCollections = new HashSet<string>(StringComparer.Ordinal) { "Lensmor.PlannedTargets" };

    private static bool IsRowCollection(Type type) =>
        RowCollections.Contains(type.FullName!) && type.IsSealed &&
        type.GetMethod("ToString", Type.EmptyTypes)?.DeclaringType?.FullName == type.FullName &&
        type.BaseType!.GetGenericArguments().Single().GetProperties().All(p => IsScalar(p.PropertyType));

    public static bool IsScalar(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            var inner = type.GetGenericArguments()[0];
            return inner.FullName != "System.String" && Scalars.Contains(inner.FullName!);
        }

        return Scalars.Contains(type.FullName!);
    }

    [Fact]
    public void The_module_has_output_types()
    {
        var names = ModuleMetadata.Instance.OutputTypes.Select(t => t.FullName).ToList();
        Assert.Contains("Lensmor.Balance", names);
        Assert.Contains("Lensmor.EventUnlockReceipt", names);
        Assert.Contains("Lensmor.ContextInfo", names);
    }

    [Fact]
    public void Every_output_type_is_sealed_with_scalar_properties_only()
    {
        var failures = new Failures();
        foreach (var type in ModuleMetadata.Instance.OutputTypes.Where(t => !RowCollections.Contains(t.FullName!)))
        {
            failures.Check(type.IsSealed, $"{type.FullName} is not sealed.");
            failures.Check(type.IsPublic, $"{type.FullName} is not public.");
            var properties = type.GetProperties();
            failures.Check(properties.Length > 0, $"{type.FullName} has no public properties.");
            foreach (var property in properties)
            {
                failures.Check(IsScalar(property.PropertyType) || IsRowCollection(property.PropertyType),
                    $"{type.FullName}.{property.Name} is {property.PropertyType}; only strings, numbers, bools, UtcTime and their nullables export to CSV as values (join lists into a string).");
                failures.Check(property.GetIndexParameters().Length == 0, $"{type.FullName}.{property.Name} is an indexer.");
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void Ids_are_strings_named_with_Id()
    {
        var failures = new Failures();
        foreach (var type in ModuleMetadata.Instance.OutputTypes)
        {
            foreach (var property in type.GetProperties().Where(p => p.Name.EndsWith("Id", StringComparison.Ordinal)))
            {
                failures.Check(property.PropertyType.FullName == "System.String", $"{type.FullName}.{property.Name} is an id but not a string.");
            }
        }

        failures.AssertNone();
    }
}
