<#
.SYNOPSIS
    Builds, tests and packages the Lensmor module. A thin wrapper over dotnet for machines with PowerShell.

.DESCRIPTION
    Build    dotnet build LensmorPS.sln; the build assembles the importable module in out/Lensmor.
    Test     Build, then dotnet test LensmorPS.sln, then the Pester tests in tests/pester when Pester 5.5 or
             later is available (installed for the current user from the PowerShell Gallery if missing and
             reachable). Says plainly when the Pester tests are skipped.
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
$minimumPester = [version]'5.5.0'

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

function Get-Pester {
    $pester = Get-Module Pester -ListAvailable | Where-Object Version -ge $minimumPester | Sort-Object Version -Descending | Select-Object -First 1
    if ($pester) { return $pester }

    $gallery = if (Get-Command Get-PSRepository -ErrorAction SilentlyContinue) { Get-PSRepository -Name PSGallery -ErrorAction SilentlyContinue }
    if (-not $gallery -or -not (Get-Command Install-Module -ErrorAction SilentlyContinue)) {
        Write-Host "Pester $minimumPester or later is not installed, and PowerShellGet's PSGallery repository is not available to install it." -ForegroundColor Yellow
        return $null
    }
    # Windows PowerShell 5.1 may default to TLS 1.0, which the PowerShell Gallery refuses.
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    try {
        $null = Invoke-WebRequest -Uri 'https://www.powershellgallery.com/api/v2' -UseBasicParsing -TimeoutSec 15
    }
    catch {
        Write-Host "Pester $minimumPester or later is not installed and the PowerShell Gallery is not reachable: $($_.Exception.Message)" -ForegroundColor Yellow
        return $null
    }
    Write-Host "Installing Pester $minimumPester or later for the current user from the PowerShell Gallery..." -ForegroundColor Cyan
    try {
        Install-Module Pester -Scope CurrentUser -MinimumVersion $minimumPester -Force -SkipPublisherCheck -AllowClobber
    }
    catch {
        Write-Host "Installing Pester failed: $($_.Exception.Message)" -ForegroundColor Yellow
        return $null
    }
    Get-Module Pester -ListAvailable | Where-Object Version -ge $minimumPester | Sort-Object Version -Descending | Select-Object -First 1
}

function Invoke-Test {
    Invoke-Build
    Invoke-Dotnet test $solution -c $Configuration --no-build

    $pester = Get-Pester
    if (-not $pester) {
        Write-Host "SKIPPED: the Pester tests in tests/pester did not run (Pester $minimumPester or later is unavailable). The dotnet tests above did run." -ForegroundColor Yellow
        return
    }

    # Pester runs in a child process: Lensmor.dll, once loaded, stays loaded, so this shell can rebuild it later.
    $env:LENSMOR_CONFIGURATION = $Configuration
    $pesterScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module Pester -RequiredVersion $($pester.Version)
`$config = New-PesterConfiguration
`$config.Run.Path = '$((Join-Path $repoRoot 'tests/pester') -replace "'", "''")'
`$config.Run.Exit = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputPath = '$((Join-Path $repoRoot 'out/pester-results.xml') -replace "'", "''")'
Invoke-Pester -Configuration `$config
"@
    $shell = (Get-Process -Id $PID).Path
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($pesterScript))
    Write-Host "Pester $($pester.Version): tests/pester" -ForegroundColor Cyan
    & $shell -NoProfile -NonInteractive -EncodedCommand $encoded
    if ($LASTEXITCODE -ne 0) {
        throw "The Pester tests failed (exit code $LASTEXITCODE); see out/pester-results.xml."
    }
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
