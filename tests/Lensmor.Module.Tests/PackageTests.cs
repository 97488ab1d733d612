using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Lensmor.Module.Tests;

/// <summary>dotnet pack turns out/Lensmor into a PowerShell Gallery style package (build.ps1 -Task Package).</summary>
public class PackageTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void Pack_puts_the_module_at_the_package_root_with_id_version_and_cmdlet_tags()
    {
        var output = Path.Combine(Path.GetTempPath(), "lensmor-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, log) = Run(DotnetHost(), ModuleLayout.RepoRoot, PackTimeout,
                "pack", ModuleLayout.RepoFile("src", "Lensmor.PowerShell", "Lensmor.PowerShell.csproj"), "--no-build", "--no-restore",
                "-c", BuiltConfiguration(), "-o", output, "-nodeReuse:false", "-p:UseSharedCompilation=false");
            Assert.True(exitCode == 0, "dotnet pack failed:\n" + log);

            var version = ManifestTests.PropsVersion();
            var package = Path.Combine(output, $"Lensmor.{version}.nupkg");
            Assert.True(File.Exists(package), $"{package} was not written. Pack said:\n{log}");

            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
            foreach (var file in ModuleFolderTests.ExpectedFiles)
            {
                Assert.True(entries.Contains(file), $"The package lacks {file} at its root; it has: {string.Join(", ", entries.OrderBy(e => e))}");
            }

            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
            using var stream = nuspecEntry.Open();
            var nuspec = XDocument.Load(stream);
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Meta(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value.Trim() ?? string.Empty;
            Assert.Equal("Lensmor", Meta("id"));
            Assert.Equal(version, Meta("version"));

            var tags = Meta("tags").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            Assert.DoesNotContain(tags, t => t.Contains('$'));
            Assert.Contains("PSModule", tags);
            var exported = Psd1Parser.Strings(Psd1Parser.ParseFile(ModuleLayout.ModuleFile("Lensmor.psd1")), "CmdletsToExport");
            var cmdletTags = tags.Where(t => t.StartsWith("PSCmdlet_", StringComparison.Ordinal)).Select(t => t.Substring("PSCmdlet_".Length)).OrderBy(t => t, StringComparer.Ordinal);
            Assert.Equal(exported.OrderBy(t => t, StringComparer.Ordinal), cmdletTags);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>The configuration these tests were built in (bin/&lt;Configuration&gt;/net10.0), which built the module too.</summary>
    private static string BuiltConfiguration()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return dir.Parent?.Name ?? "Debug";
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var process = Environment.ProcessPath;
        return process != null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
    }

    private static (int ExitCode, string Log) Run(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside MSBuild's environment; a child build must not inherit its node settings.
        foreach (var variable in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"Timed out after {timeout.TotalSeconds} s.\n{stdout.Result}\n{stderr.Result}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + "\n" + stderr.Result);
    }
}
