<#
.SYNOPSIS
    Runs the Pester suite in tests/pester with the Pester module restored from the NuGet feed.

.DESCRIPTION
    Called by tests/pester/Lensmor.Pester.csproj (dotnet test) and by build.ps1 -Task Test. Writes NUnit XML to
    -ResultsFile and ends with one summary line in the format of the dotnet test summaries, which .ci/run adds
    up. Exits 1 when any test, block or container failed, or when no test ran.

.EXAMPLE
    dotnet tool run pwsh -NoProfile -File tests/pester/Invoke-LensmorPester.ps1 -PesterModule ~/.nuget/packages/pester/6.2.0/tools/Pester.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $PesterModule,

    [string] $ResultsFile = (Join-Path $PSScriptRoot '../../out/pester-results.xml'),

    [string] $Configuration = 'Debug',

    [string] $Verbosity = 'Normal'
)

$ErrorActionPreference = 'Stop'
if (-not (Test-Path $PesterModule)) { throw "Pester is not restored at $PesterModule. Run dotnet restore." }

# The helpers start the sandbox from this configuration's build.
$env:LENSMOR_CONFIGURATION = $Configuration

Import-Module $PesterModule -Force
$pester = Get-Module Pester
$resultsDir = Split-Path -Parent $ResultsFile
if ($resultsDir -and -not (Test-Path $resultsDir)) { $null = New-Item -ItemType Directory -Path $resultsDir }

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = $Verbosity
# Under dotnet test and CI the output is a log, not a terminal: no colour escapes in it.
if ([Console]::IsOutputRedirected -or $env:CI) { $config.Output.RenderMode = 'Plaintext' }
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = $ResultsFile

$started = [DateTime]::UtcNow
$result = Invoke-Pester -Configuration $config
$elapsed = [DateTime]::UtcNow - $started

# Setup that fails (BeforeAll, a whole file) fails the run even when it leaves no test marked failed.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$passed = $result.PassedCount
$verdict = if ($failed -eq 0 -and $passed -gt 0) { 'Passed!' } else { 'Failed!' }
"$verdict  - Failed: $failed, Passed: $passed, Skipped: $($result.SkippedCount), Total: $($passed + $failed + $result.SkippedCount), Duration: $([int]$elapsed.TotalSeconds) s - Pester $($pester.Version) in PowerShell $($PSVersionTable.PSVersion) (tests/pester)"
if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
exit 0
