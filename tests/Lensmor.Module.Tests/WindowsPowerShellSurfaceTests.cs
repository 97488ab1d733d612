using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Lensmor.Module.Tests;

/// <summary>
/// What can be checked for Windows PowerShell 5.1 without running it: Lensmor.dll binds to the PowerShell
/// Standard 5.1 reference surface of System.Management.Automation and to nothing newer, so every engine type
/// and member it calls exists in 5.1. (Whether those members behave the same in 5.1 is not checked here.)
/// </summary>
public class WindowsPowerShellSurfaceTests
{
    private const string Sma = "System.Management.Automation";

    [Fact]
    public void Lensmor_dll_binds_to_the_PowerShell_Standard_version_of_System_Management_Automation()
    {
        var stub = AssemblyName.GetAssemblyName(ModuleLayout.PowerShellStandardStub());
        var reference = ModuleMetadata.Instance.Module.GetReferencedAssemblies().Single(r => r.Name == Sma);
        // PowerShell 7's own System.Management.Automation is 7.x; the 5.1 reference surface is 3.0.0.0, which
        // both Windows PowerShell 5.1 and PowerShell 7 bind to.
        Assert.Equal(stub.Version, reference.Version);
    }

    [Fact]
    public void Every_engine_type_and_member_Lensmor_dll_uses_exists_in_PowerShell_Standard_5_1()
    {
        using var stream = File.OpenRead(ModuleLayout.ModuleFile("Lensmor.dll"));
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var stub = ModuleMetadata.Instance.Context.LoadFromAssemblyPath(ModuleLayout.PowerShellStandardStub());

        var failures = new Failures();
        var smaTypes = new Dictionary<TypeReferenceHandle, Type?>();
        foreach (var handle in reader.TypeReferences)
        {
            var name = FullName(reader, handle, out var scope);
            if (scope != Sma)
            {
                continue;
            }

            var type = stub.GetType(name);
            smaTypes[handle] = type;
            failures.Check(type != null, $"Lensmor.dll uses {name}, which PowerShell Standard 5.1 does not have.");
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference || !smaTypes.TryGetValue((TypeReferenceHandle)member.Parent, out var type) || type == null)
            {
                continue;
            }

            var name = reader.GetString(member.Name);
            var found = type.GetMember(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Length > 0
                || (name == ".ctor" && type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Length > 0);
            failures.Check(found, $"Lensmor.dll calls {type.FullName}.{name}, which PowerShell Standard 5.1 does not have.");
        }

        Assert.True(smaTypes.Count > 10, "Lensmor.dll should use the engine's types; the metadata reader found almost none.");
        failures.AssertNone();
    }

    private static string FullName(MetadataReader reader, TypeReferenceHandle handle, out string? assembly)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        var ns = reader.GetString(type.Namespace);
        switch (type.ResolutionScope.Kind)
        {
            case HandleKind.TypeReference:
                return FullName(reader, (TypeReferenceHandle)type.ResolutionScope, out assembly) + "+" + name;
            case HandleKind.AssemblyReference:
                assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name);
                break;
            default:
                assembly = null;
                break;
        }

        return ns.Length == 0 ? name : ns + "." + name;
    }
}
