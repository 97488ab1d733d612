using System.Reflection;

namespace Lensmor.Module.Tests;

/// <summary>
/// Where the built module and its inputs live. Every test reads the assembled out/Lensmor folder (what users
/// import), never a project's bin folder.
/// </summary>
public static class ModuleLayout
{
    public const string ModuleName = "Lensmor";
    public const string PowerShellStandardVersion = "5.1.0-preview-06";

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

    /// <summary>The compile-time stub of System.Management.Automation (NuGet package PowerShellStandard.Library).</summary>
    public static string PowerShellStandardStub()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var path = Path.Combine(root, "powershellstandard.library", PowerShellStandardVersion, "lib", "netstandard2.0", "System.Management.Automation.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("PowerShellStandard.Library " + PowerShellStandardVersion + " is not in the NuGet packages folder; run dotnet restore.", path);
        }

        return path;
    }
}
