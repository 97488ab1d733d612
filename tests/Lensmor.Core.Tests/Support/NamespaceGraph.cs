using System.Reflection;
using System.Reflection.Emit;

namespace Lensmor.Core.Tests.Support;

/// <summary>
/// Which namespace of an assembly refers to which, read from the compiled assembly itself: every signature
/// (base type, interfaces, fields, properties, events, parameters, returns, generic constraints, attributes,
/// locals) and every method body's IL (calls, field reads, casts, new objects, typeof). Compiler-made types
/// (lambdas, async state machines, iterators) count for the type they were written in.
/// </summary>
public sealed class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private readonly Assembly assembly;
    private readonly Assembly[] into;
    private readonly string prefix;
    private readonly Dictionary<string, SortedSet<string>> arrows = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), SortedSet<string>> reasons = new();

    private NamespaceGraph(Assembly assembly, string prefix, Assembly[] into)
    {
        this.assembly = assembly;
        this.prefix = prefix;
        this.into = into;
    }

    /// <summary>Namespace to the namespaces it refers to (never itself).</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Arrows => arrows;

    public IEnumerable<string> Namespaces => arrows.Keys.Concat(arrows.Values.SelectMany(v => v)).Distinct().OrderBy(n => n, StringComparer.Ordinal);

    /// <param name="prefix">Only namespaces that start with it count (the compiler embeds attributes of its own).</param>
    /// <param name="into">
    /// Other assemblies whose namespaces count as ends of arrows (never as starts): the module's arrows into
    /// Lensmor.Core's rooms, which an assembly's own graph would not see.
    /// </param>
    public static NamespaceGraph Of(Assembly assembly, string prefix = "Lensmor", params Assembly[] into)
    {
        var graph = new NamespaceGraph(assembly, prefix, into);
        foreach (var type in assembly.GetTypes())
        {
            graph.Read(type);
        }

        return graph;
    }

    /// <summary>Which members make the arrow: "PaidRun.ExecuteAsync -> BalanceOperation".</summary>
    public IEnumerable<string> Why(string from, string to) =>
        reasons.TryGetValue((from, to), out var list) ? list : Enumerable.Empty<string>();

    /// <summary>Every group of namespaces that reach each other (a cycle), as "A -> B -> A" paths.</summary>
    public IEnumerable<string> Cycles()
    {
        foreach (var from in arrows.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            foreach (var to in arrows[from].Where(t => string.CompareOrdinal(t, from) > 0))
            {
                if (PathFrom(to, from) is { } back)
                {
                    yield return from + " -> " + string.Join(" -> ", back);
                }
            }
        }
    }

    private List<string>? PathFrom(string start, string goal)
    {
        var previous = new Dictionary<string, string?> { [start] = null };
        var queue = new Queue<string>(new[] { start });
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == goal)
            {
                var path = new List<string>();
                for (string? step = at; step != null; step = previous[step])
                {
                    path.Insert(0, step);
                }

                return path;
            }

            foreach (var next in arrows.TryGetValue(at, out var n) ? n : new SortedSet<string>())
            {
                if (!previous.ContainsKey(next))
                {
                    previous[next] = at;
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private void Read(Type type)
    {
        var from = type.Namespace;
        if (from == null || !from.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }

        var name = Outermost(type).Name;
        var made = MadeFor(type);
        void Use(Type? used, string member) => Add(from, name + "." + (made ?? WrittenIn(member)), used);

        Use(type.BaseType, "(base)");
        foreach (var i in type.GetInterfaces())
        {
            Use(i, "(interface)");
        }

        Attributes(type.CustomAttributes, t => Use(t, "(attribute)"));
        foreach (var field in type.GetFields(Declared))
        {
            Use(field.FieldType, field.Name);
            Attributes(field.CustomAttributes, t => Use(t, field.Name));
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Use(property.PropertyType, property.Name);
            Attributes(property.CustomAttributes, t => Use(t, property.Name));
        }

        foreach (var e in type.GetEvents(Declared))
        {
            Use(e.EventHandlerType, e.Name);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            var member = method.Name;
            Attributes(method.CustomAttributes, t => Use(t, member));
            if (method is MethodInfo info)
            {
                Use(info.ReturnType, member);
                foreach (var argument in info.GetGenericArguments())
                {
                    foreach (var constraint in argument.GetGenericParameterConstraints())
                    {
                        Use(constraint, member);
                    }
                }
            }

            foreach (var parameter in method.GetParameters())
            {
                Use(parameter.ParameterType, member);
            }

            ReadBody(method, t => Use(t, member));
        }
    }

    private void ReadBody(MethodBase method, Action<Type?> use)
    {
        var body = method.GetMethodBody();
        if (body == null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            use(local.LocalType);
        }

        var il = body.GetILAsByteArray() ?? Array.Empty<byte>();
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[at++]));
            }

            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    Token(method.Module, BitConverter.ToInt32(il, at), typeArguments, methodArguments, use);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }

    private static void Token(Module module, int token, Type[]? typeArguments, Type[]? methodArguments, Action<Type?> use)
    {
        switch (module.ResolveMember(token, typeArguments, methodArguments))
        {
            case Type type:
                use(type);
                break;
            case FieldInfo field:
                use(field.DeclaringType);
                use(field.FieldType);
                break;
            case MethodBase called:
                use(called.DeclaringType);
                if (called is MethodInfo info)
                {
                    use(info.ReturnType);
                    foreach (var argument in info.IsGenericMethod ? info.GetGenericArguments() : Type.EmptyTypes)
                    {
                        use(argument);
                    }
                }

                foreach (var parameter in called.GetParameters())
                {
                    use(parameter.ParameterType);
                }

                break;
        }
    }

    private static void Attributes(IEnumerable<CustomAttributeData> attributes, Action<Type?> use)
    {
        foreach (var attribute in attributes)
        {
            use(attribute.AttributeType);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
            {
                use(argument.ArgumentType);
                use(argument.Value as Type);
            }
        }
    }

    private void Add(string from, string member, Type? used)
    {
        if (used == null || used.IsGenericParameter)
        {
            return;
        }

        if (used.HasElementType)
        {
            Add(from, member, used.GetElementType());
            return;
        }

        if (used.IsGenericType && !used.IsGenericTypeDefinition)
        {
            Add(from, member, used.GetGenericTypeDefinition());
            foreach (var argument in used.GetGenericArguments())
            {
                Add(from, member, argument);
            }

            return;
        }

        var to = used.Namespace;
        if ((used.Assembly != assembly && !into.Contains(used.Assembly)) || to == null || to == from || !to.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }

        if (!arrows.TryGetValue(from, out var targets))
        {
            arrows[from] = targets = new SortedSet<string>(StringComparer.Ordinal);
        }

        targets.Add(to);
        if (!reasons.TryGetValue((from, to), out var why))
        {
            reasons[(from, to)] = why = new SortedSet<string>(StringComparer.Ordinal);
        }

        why.Add(member + " -> " + Outermost(used).Name);
    }

    /// <summary>The method a compiler-made type was written in: "&lt;SendAsync&gt;d__12" is SendAsync's state machine.</summary>
    private static string? MadeFor(Type type)
    {
        for (var current = type; current.DeclaringType != null; current = current.DeclaringType)
        {
            if (WrittenIn(current.Name) is var written && written != current.Name)
            {
                return written;
            }
        }

        return null;
    }

    /// <summary>A lambda's method "&lt;InLambda&gt;b__0_0" was written in InLambda.</summary>
    private static string WrittenIn(string member) =>
        member.StartsWith("<", StringComparison.Ordinal) && member.IndexOf('>') > 1 ? member.Substring(1, member.IndexOf('>') - 1) : member;

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType != null)
        {
            type = type.DeclaringType;
        }

        return type;
    }
}
