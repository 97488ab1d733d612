using System.Collections.ObjectModel;
using System.Reflection;

namespace Lensmor.Module.Tests;

/// <summary>
/// Lensmor.dll and Lensmor.Core.dll from out/Lensmor, read as metadata only (MetadataLoadContext): nothing is
/// executed, so the PowerShellStandard compile-time stub is enough to resolve the cmdlet attributes.
/// </summary>
public sealed class ModuleMetadata
{
    public const string SmaNamespace = "System.Management.Automation";
    public const string PaidBaseTypeName = "Lensmor.PowerShell.LensmorPaidCmdlet";

    private static readonly Lazy<ModuleMetadata> Shared = new(() => new ModuleMetadata(), LazyThreadSafetyMode.ExecutionAndPublication);

    private ModuleMetadata()
    {
        var paths = new List<string>();
        paths.AddRange(Directory.GetFiles(ModuleLayout.ModuleDir, "*.dll"));
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        paths.AddRange(Directory.GetFiles(runtimeDir, "*.dll"));
        paths.Add(ModuleLayout.PowerShellStandardStub());

        Context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Module = Context.LoadFromAssemblyPath(ModuleLayout.ModuleFile("Lensmor.dll"));
        Core = Context.LoadFromAssemblyPath(ModuleLayout.ModuleFile("Lensmor.Core.dll"));
        Cmdlets = Module.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && DerivesFrom(t, SmaNamespace + ".Cmdlet"))
            .Select(t => new CmdletInfo(t))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static ModuleMetadata Instance => Shared.Value;

    public MetadataLoadContext Context { get; }

    /// <summary>Lensmor.dll: the cmdlets.</summary>
    public Assembly Module { get; }

    /// <summary>Lensmor.Core.dll: the output types.</summary>
    public Assembly Core { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    /// <summary>
    /// The objects the module hands to users: every type named by an [OutputType] plus every public type in
    /// the Lensmor namespace of Lensmor.Core (receipts written to the information stream included).
    /// </summary>
    public IReadOnlyList<Type> OutputTypes =>
        Cmdlets.SelectMany(c => c.OutputTypes)
            .Where(t => t.FullName != "System.Void")
            .Concat(Core.GetExportedTypes().Where(t => t.Namespace == "Lensmor" && t.IsClass && !t.IsAbstract)) // an abstract base (EventFields) is no output
            .GroupBy(t => t.FullName)
            .Select(g => g.First())
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    public static bool DerivesFrom(Type type, string baseFullName)
    {
        for (var t = type.BaseType; t != null; t = t.BaseType)
        {
            if (t.FullName == baseFullName)
            {
                return true;
            }
        }

        return false;
    }

    public static CustomAttributeData? Attribute(MemberInfo member, string name) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == SmaNamespace + "." + name);

    public static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == SmaNamespace + "." + name);

    public static T? Named<T>(CustomAttributeData attribute, string name, T? fallback = default)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                var value = argument.TypedValue.Value;
                if (typeof(T).IsEnum && value is int i)
                {
                    return (T)Enum.ToObject(typeof(T), i);
                }

                return (T?)value;
            }
        }

        return fallback;
    }

    /// <summary>The constructor arguments flattened: params arrays (string[], Type[]) come back as their items.</summary>
    public static IEnumerable<object?> ConstructorValues(CustomAttributeData attribute)
    {
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items)
            {
                foreach (var item in items)
                {
                    yield return item.Value;
                }
            }
            else
            {
                yield return argument.Value;
            }
        }
    }
}

/// <summary>The engine's ConfirmImpact values, by their numbers in System.Management.Automation.</summary>
public enum ConfirmImpactValue
{
    None = 0,
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>One cmdlet as PowerShell would see it, from its attributes.</summary>
public sealed class CmdletInfo
{
    public CmdletInfo(Type type)
    {
        Type = type;
        var cmdlet = ModuleMetadata.Attribute(type, "CmdletAttribute");
        HasCmdletAttribute = cmdlet != null;
        if (cmdlet != null)
        {
            var values = ModuleMetadata.ConstructorValues(cmdlet).ToList();
            Verb = (string)values[0]!;
            Noun = (string)values[1]!;
            SupportsShouldProcess = ModuleMetadata.Named(cmdlet, "SupportsShouldProcess", false);
            SupportsPaging = ModuleMetadata.Named(cmdlet, "SupportsPaging", false);
            ConfirmImpact = ModuleMetadata.Named(cmdlet, "ConfirmImpact", ConfirmImpactValue.Medium);
            DefaultParameterSetName = ModuleMetadata.Named<string>(cmdlet, "DefaultParameterSetName");
        }
        else
        {
            Verb = "?";
            Noun = type.Name;
        }

        IsPaid = ModuleMetadata.DerivesFrom(type, ModuleMetadata.PaidBaseTypeName);
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new ParameterInfoData(p))
            .Where(p => p.Sets.Count > 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        OutputTypeAttributes = ModuleMetadata.Attributes(type, "OutputTypeAttribute").ToList();
    }

    public Type Type { get; }
    public bool HasCmdletAttribute { get; }
    public string Verb { get; }
    public string Noun { get; }
    public string Name => Verb + "-" + Noun;
    public bool SupportsShouldProcess { get; }
    public bool SupportsPaging { get; }
    public ConfirmImpactValue ConfirmImpact { get; }
    public string? DefaultParameterSetName { get; }

    /// <summary>Derives from LensmorPaidCmdlet: it can spend credits.</summary>
    public bool IsPaid { get; }

    public IReadOnlyList<ParameterInfoData> Parameters { get; }

    public IReadOnlyList<CustomAttributeData> OutputTypeAttributes { get; }

    /// <summary>Types named by [OutputType]; names given as strings are looked up in the module's assemblies.</summary>
    public IEnumerable<Type> OutputTypes
    {
        get
        {
            foreach (var value in OutputTypeAttributes.SelectMany(ModuleMetadata.ConstructorValues))
            {
                switch (value)
                {
                    case Type t:
                        yield return t;
                        break;
                    case string name:
                        var found = ModuleMetadata.Instance.Core.GetType(name) ?? ModuleMetadata.Instance.Module.GetType(name);
                        if (found != null)
                        {
                            yield return found;
                        }

                        break;
                }
            }
        }
    }

    /// <summary>OutputType arguments that name no type the module can load.</summary>
    public IEnumerable<string> UnresolvedOutputTypeNames =>
        OutputTypeAttributes.SelectMany(ModuleMetadata.ConstructorValues).OfType<string>()
            .Where(n => ModuleMetadata.Instance.Core.GetType(n) == null && ModuleMetadata.Instance.Module.GetType(n) == null);

    /// <summary>The parameter sets a user can choose between (one when the cmdlet declares none).</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets.Select(s => s.SetName)).Where(s => s != ParameterSetData.AllSets).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            return named.Count == 0 ? new[] { ParameterSetData.AllSets } : named;
        }
    }

    /// <summary>The common parameters ShouldProcess adds (documented in help like the cmdlet's own).</summary>
    public IEnumerable<string> RiskMitigationParameters => SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>();

    /// <summary>The parameters SupportsPaging adds to every parameter set.</summary>
    public IEnumerable<string> PagingParameters => SupportsPaging ? new[] { "First", "Skip", "IncludeTotalCount" } : Array.Empty<string>();

    /// <summary>Parameters the engine adds that help documents like the cmdlet's own (PlatyPS does the same).</summary>
    public IEnumerable<string> EngineAddedParameters => PagingParameters.Concat(RiskMitigationParameters);

    public override string ToString() => Name;
}

/// <summary>One [Parameter] property with its aliases and its [Parameter] attributes (one per parameter set).</summary>
public sealed class ParameterInfoData
{
    public ParameterInfoData(PropertyInfo property)
    {
        Property = property;
        Sets = ModuleMetadata.Attributes(property, "ParameterAttribute").Select(a => new ParameterSetData(a)).ToList();
        Aliases = ModuleMetadata.Attributes(property, "AliasAttribute").SelectMany(ModuleMetadata.ConstructorValues).OfType<string>().ToList();
        Attributes = property.GetCustomAttributesData().ToList();
    }

    public PropertyInfo Property { get; }
    public string Name => Property.Name;
    public Type ParameterType => Property.PropertyType;
    public IReadOnlyList<ParameterSetData> Sets { get; }
    public IReadOnlyList<string> Aliases { get; }
    public IReadOnlyList<CustomAttributeData> Attributes { get; }

    public bool MandatoryInAnySet => Sets.Any(s => s.Mandatory);
    public bool ValueFromPipeline => Sets.Any(s => s.ValueFromPipeline);
    public bool ValueFromPipelineByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);

    /// <summary>The position when every set agrees on one, else null ("named").</summary>
    public int? Position
    {
        get
        {
            var positions = Sets.Select(s => s.Position).Distinct().ToList();
            return positions.Count == 1 && positions[0] >= 0 ? positions[0] : null;
        }
    }

    public bool InSet(string set) => Sets.Any(s => s.SetName == set || s.SetName == ParameterSetData.AllSets);

    public override string ToString() => Name;
}

public sealed class ParameterSetData
{
    public const string AllSets = "__AllParameterSets";

    public ParameterSetData(CustomAttributeData attribute)
    {
        SetName = ModuleMetadata.Named(attribute, "ParameterSetName", AllSets)!;
        Mandatory = ModuleMetadata.Named(attribute, "Mandatory", false);
        Position = ModuleMetadata.Named(attribute, "Position", int.MinValue);
        ValueFromPipeline = ModuleMetadata.Named(attribute, "ValueFromPipeline", false);
        ValueFromPipelineByPropertyName = ModuleMetadata.Named(attribute, "ValueFromPipelineByPropertyName", false);
    }

    public string SetName { get; }
    public bool Mandatory { get; }
    public int Position { get; }
    public bool ValueFromPipeline { get; }
    public bool ValueFromPipelineByPropertyName { get; }
}
