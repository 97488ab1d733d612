using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Lensmor.Rehearsal;

/// <summary>
/// Finds the pwsh that the repository's tool manifest (.config/dotnet-tools.json) pins, the PowerShell dotnet tool,
/// and restores it (dotnet tool restore) when this machine does not have it yet.
/// </summary>
/// <remarks>
/// The result is the engine's entry assembly, <c>&lt;PSHOME&gt;/pwsh.dll</c>, which <see cref="InteractiveShell"/>
/// starts as <c>dotnet pwsh.dll</c>, as tests/pester/LensmorTestHelpers.ps1 starts a child shell. Not through
/// <c>dotnet tool run pwsh</c>: its shim starts pwsh as a third process, which would stand between the rehearsal and
/// the shell for Ctrl+C and the exit code.
/// First it looks in the NuGet packages folders, where the tool is on every machine that restored it: a check of a
/// few paths. Only when it is in none of them does it run dotnet tool restore and ask the tool itself for $PSHOME
/// (some seconds), since where the SDK keeps a restored tool is the SDK's own business.
/// </remarks>
internal static class PinnedPwsh
{
    private const string ToolPackage = "powershell";

    /// <summary>The pinned pwsh.dll, or null after telling the user on stderr why there is none.</summary>
    public static string? Find(string repoRoot)
    {
        var manifest = Path.Combine(repoRoot, ".config", "dotnet-tools.json");
        var version = PinnedVersion(manifest);
        if (version == null)
        {
            Console.Error.WriteLine($"--interactive starts the pwsh pinned in {manifest}, and that file pins no '{ToolPackage}' tool.");
            return null;
        }

        var found = PackagesFolders().Select(folder => EntryAssemblyIn(Path.Combine(folder, ToolPackage, version, "tools"))).FirstOrDefault(path => path != null);
        if (found != null)
        {
            return found;
        }

        Console.WriteLine($"Restoring PowerShell {version}, the pwsh this repository pins (dotnet tool restore)...");
        if (Dotnet(repoRoot, "tool", "restore") == null)
        {
            Console.Error.WriteLine($"dotnet tool restore failed; run it in {repoRoot} to see why, then try again.");
            return null;
        }

        var home = Dotnet(repoRoot, "tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-Command", "[Console]::Out.Write($PSHOME)");
        found = home == null ? null : Path.Combine(home.Trim(), "pwsh.dll");
        if (found == null || !File.Exists(found))
        {
            Console.Error.WriteLine($"PowerShell {version} is restored, but dotnet tool run pwsh did not say where its pwsh.dll is ({home}).");
            return null;
        }

        return found;
    }

    private static string? PinnedVersion(string manifest)
    {
        if (!File.Exists(manifest))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.TryGetProperty("tools", out var tools) && tools.TryGetProperty(ToolPackage, out var tool) &&
               tool.TryGetProperty("version", out var version)
            ? version.GetString()
            : null;
    }

    /// <summary>
    /// NUGET_PACKAGES, the folder restore used when this sample was built (the csproj records $(NuGetPackageRoot),
    /// which honours NuGet.Config), and the default. A package id and version is the same package in any of them.
    /// </summary>
    private static IEnumerable<string> PackagesFolders()
    {
        var recorded = typeof(PinnedPwsh).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        return new[]
            {
                Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
                recorded,
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            }
            .OfType<string>()
            .Where(folder => folder.Length > 0);
    }

    /// <summary>The tool package holds one engine per platform: tools/&lt;framework&gt;/any/{unix,win}/pwsh.dll.</summary>
    private static string? EntryAssemblyIn(string toolDirectory)
    {
        if (!Directory.Exists(toolDirectory))
        {
            return null;
        }

        var platform = OperatingSystem.IsWindows() ? "win" : "unix";
        return Directory.EnumerateDirectories(toolDirectory)
            .Select(framework => Path.Combine(framework, "any", platform, "pwsh.dll"))
            .Where(File.Exists)
            .OrderByDescending(path => path, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Runs dotnet in the repository (where the tool manifest is); its standard output, or null if it failed.</summary>
    private static string? Dotnet(string repoRoot, params string[] arguments)
    {
        var start = new ProcessStartInfo(InteractiveShell.DotnetHost) { WorkingDirectory = repoRoot, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var dotnet = Process.Start(start);
        if (dotnet == null)
        {
            return null;
        }

        var output = dotnet.StandardOutput.ReadToEnd();
        dotnet.WaitForExit();
        return dotnet.ExitCode == 0 ? output : null;
    }
}
