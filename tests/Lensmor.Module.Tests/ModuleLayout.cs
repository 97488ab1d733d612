using System.Reflection;

namespace Lensmor.Module.Tests;

/// <summary>
/// Where the built module and its inputs live. Every test reads the assembled out/Lensmor folder (what users
/// import), never a project's bin folder.
/// </summary>
public static class ModuleLayout
{
    public const string ModuleName = "Lensmor";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModuleDir => Path.Combine(RepoRoot, "out", ModuleName);

    public static string ModuleFile(params string[] parts) => Path.Combine(new[] { ModuleDir }.Concat(parts).ToArray());

    public static string RepoFile(params string[] parts) => Path.Combine(new[] { RepoRoot }.Concat(parts).ToArray());

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LensmorPS.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No folder above " + AppContext.BaseDirectory + " holds LensmorPS.sln.");
    }

    /// <summary>
    /// The compile-time stub of System.Management.Automation (PowerShellStandard.Library, the version in
    /// Directory.Build.props), where restore put it: the project file records the path at build time.
    /// </summary>
    public static string PowerShellStandardStub()
    {
        var path = typeof(ModuleLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PowerShellStandardStub").Value!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("PowerShellStandard.Library is not where restore put it; run dotnet restore.", path);
        }

        return path;
    }
}
