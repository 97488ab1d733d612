<#
.SYNOPSIS
    Builds, tests and packages the Lensmor module. A thin wrapper over dotnet for machines with PowerShell.

.DESCRIPTION
    Build    dotnet build LensmorPS.sln; the build assembles the importable module in out/Lensmor.
    Test     Build, then dotnet test LensmorPS.sln: every xunit project and the Pester suite (tests/pester), which
             runs in the pwsh 7.6.9 of .config/dotnet-tools.json with the Pester restored from the NuGet feed
             (tests/pester/Lensmor.Pester.csproj). Any failure fails the task. Works the same whether this script
             runs in pwsh, in pwsh as a dotnet tool, or in Windows PowerShell.
    Package  Build, then dotnet pack: out/packages/Lensmor.<version>.nupkg, the module's files at the package
             root, installable with Install-PSResource from a local repository.

.EXAMPLE
    ./build.ps1 -Task Test

.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$repoRoot = $PSScriptRoot
$solution = Join-Path $repoRoot 'LensmorPS.sln'
$moduleDir = Join-Path $repoRoot 'out/Lensmor'
$packageDir = Join-Path $repoRoot 'out/packages'

function Invoke-Dotnet {
    # A simple function on purpose: $args passes -c, -o and --no-build through to dotnet untouched
    # (an advanced function would try to bind them as its own parameters).
    $arguments = @($args)
    Write-Host "dotnet $($arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    [xml] $props = Get-Content -Raw (Join-Path $repoRoot 'Directory.Build.props')
    $version = @($props.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('Version') } | Where-Object { $_ })[0]
    if (-not $version) { throw 'Directory.Build.props has no <Version>.' }
    $version.InnerText.Trim()
}

function Invoke-Build {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet) is not on PATH. Install the .NET 10 SDK from https://dot.net.'
    }
    Invoke-Dotnet build $solution -c $Configuration
    if (-not (Test-Path (Join-Path $moduleDir 'Lensmor.psd1'))) {
        throw "The build did not assemble $moduleDir."
    }
    Write-Host "Module assembled in $moduleDir" -ForegroundColor Green
}

function Invoke-Test {
    Invoke-Build
    # The Pester layer runs in a child process started by dotnet test (dotnet tool run pwsh), never in this
    # shell: Lensmor.dll, once loaded, stays loaded, and this shell may rebuild it later.
    Invoke-Dotnet test $solution -c $Configuration --no-build
}

function Invoke-Package {
    Invoke-Build
    $version = Get-ModuleVersion
    Invoke-Dotnet pack (Join-Path $repoRoot 'src/Lensmor.PowerShell/Lensmor.PowerShell.csproj') -c $Configuration --no-build -o $packageDir
    $package = Join-Path $packageDir "Lensmor.$version.nupkg"
    if (-not (Test-Path $package)) { throw "dotnet pack did not write $package." }
    $folder = (Resolve-Path $packageDir).Path
    Write-Host "Package: $package" -ForegroundColor Green
    Write-Host ''
    Write-Host 'Install it from this folder with PSResourceGet:'
    Write-Host "    Register-PSResourceRepository -Name LocalLensmor -Uri '$folder' -Trusted"
    Write-Host '    Install-PSResource Lensmor -Repository LocalLensmor'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
}
