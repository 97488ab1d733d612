using System.Text.RegularExpressions;

namespace Lensmor.Module.Tests;

/// <summary>
/// CHANGELOG.md says what each version changed (issue 16.7): its newest released heading is the one version of
/// Directory.Build.props, so the version cannot move without a changelog entry, nor the changelog without it.
/// </summary>
public class ChangelogTests
{
    private static readonly Regex Heading = new(@"^## \[(?<version>[^\]]+)\](?: - (?<date>\d{4}-\d\d-\d\d))?\s*$", RegexOptions.Multiline);

    private static List<Match> Headings() => Heading.Matches(File.ReadAllText(ModuleLayout.RepoFile("CHANGELOG.md"))).ToList();

    [Fact]
    public void The_newest_released_version_is_the_version_in_Directory_Build_props()
    {
        var released = Headings().Where(h => h.Groups["version"].Value != "Unreleased").ToList();
        Assert.NotEmpty(released);
        Assert.Equal(ManifestTests.PropsVersion(), released[0].Groups["version"].Value);
        Assert.True(released[0].Groups["date"].Success, "The newest released version has no date (## [x.y.z] - yyyy-mm-dd).");
    }

    [Fact]
    public void Versions_go_down_and_an_Unreleased_section_comes_first()
    {
        var headings = Headings();
        Assert.Equal("Unreleased", headings[0].Groups["version"].Value);
        var versions = headings.Skip(1).Select(h => Version.Parse(h.Groups["version"].Value)).ToList();
        Assert.Equal(versions.OrderByDescending(v => v), versions);
        Assert.True(versions[0] > new Version(0, 1, 0), "The version is still the first one, 0.1.0.");
    }
}
