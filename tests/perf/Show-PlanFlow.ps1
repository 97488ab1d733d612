<#
.SYNOPSIS
Shows plan, review and apply as a user sees them (issue 14's note): the plan file of a 3-event run as written, the
review, an apply, and what each refusal prints (edited, expired, other account, stale, over budget).

.DESCRIPTION
Runs in this pwsh against sandboxes of its own (the built src/Lensmor.Sandbox, default profile) with a journal and
a folder of its own, and prints everything as the console shows it. Each refusal is real except two that the
sandbox cannot produce, which are made as a person could make them: "stale" lowers a target's planned price in the
file and seals it again with the documented hash recipe (the sandbox never raises a price), and "edited" changes
the file without sealing it. "expired" waits for a plan made with -PlanExpiresIn 00:01:00 to expire (about a
minute). "other account" applies a plan at another base URL.

.EXAMPLE
dotnet tool run pwsh -NoProfile -File tests/perf/Show-PlanFlow.ps1
#>
[CmdletBinding()]
param([string] $Configuration = 'Debug', [string] $ModulePath)

$ErrorActionPreference = 'Stop'
. "$PSScriptRoot/PerfSandbox.ps1"
. "$PSScriptRoot/../pester/LensmorTestHelpers.ps1"
$build = Get-PerfBuild $Configuration $ModulePath
Import-Module $build.Module -Force
$folder = Join-Path ([IO.Path]::GetTempPath()) "lensmor-planflow-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory -Path $folder
$sandbox = Start-PerfSandbox $build.SandboxDll @()
$elsewhere = Start-PerfSandbox $build.SandboxDll @('--api-key', $sandbox.Key)

function Show([string] $Title, [scriptblock] $Script) {
    Write-Host "`n### $Title" -ForegroundColor Cyan
    try { & $Script | Out-String -Width 110 | Write-Host }
    catch {
        Write-Host ("{0}: {1}" -f $_.FullyQualifiedErrorId.Split(',')[0], $_.Exception.Message)
        Write-Host ("  Recommendation: " + $_.ErrorDetails.RecommendedAction)
    }
}

try {
    Push-Location $folder
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.Key) -BaseUri $sandbox.Url -JournalPath (Join-Path $folder 'journal.jsonl')
    $expiring = Unlock-LensmorEvent -Id 139005 -PlanPath ./soon.json -PlanExpiresIn 00:01:00

    Show 'Unlock-LensmorEvent -Id 139001, 139002, 139003 -PlanPath ./unlock.json' { Unlock-LensmorEvent -Id 139001, 139002, 139003 -PlanPath ./unlock.json }
    Show 'Get-Content ./unlock.json' { Get-Content ./unlock.json -Raw }
    Show 'Get-LensmorPlan ./unlock.json' { Get-LensmorPlan ./unlock.json }
    Show '(Get-LensmorPlan ./unlock.json).Targets' { (Get-LensmorPlan ./unlock.json).Targets }
    $null = Unlock-LensmorEvent -Id 139011, 139012 -PlanPath ./stale.json
    Copy-Item ./stale.json ./edited.json
    Show 'Invoke-LensmorPlan ./unlock.json -WhatIf' { Invoke-LensmorPlan ./unlock.json -WhatIf }
    Show 'Invoke-LensmorPlan ./unlock.json -Force' { Invoke-LensmorPlan ./unlock.json -Force }
    Show 'Invoke-LensmorPlan ./unlock.json -Force (again)' { Invoke-LensmorPlan ./unlock.json -Force }
    Show 'Get-LensmorPlan ./unlock.json (after)' { Get-LensmorPlan ./unlock.json }

    (Get-Content ./edited.json -Raw) -replace '"expectedCredits": 2000', '"expectedCredits": 200' | Set-Content ./edited.json
    Show 'edited: Invoke-LensmorPlan ./edited.json -Force' { Invoke-LensmorPlan ./edited.json -Force }
    Update-LensmorPlanFile (Resolve-Path ./stale.json) { param($j) $j['targets'][1]['expectedCredits'] = [Newtonsoft.Json.Linq.JValue]::new(1500) } -Reseal
    Show 'stale (planned price lowered and resealed): Invoke-LensmorPlan ./stale.json -Force -MaxCredits 10000' { Invoke-LensmorPlan ./stale.json -Force -MaxCredits 10000 }
    $null = Unlock-LensmorEvent -Id 139011, 139012 -PlanPath ./stale.json
    Set-LensmorBudget -Credits 8000 -Period Day   # 6,000 of it spent above
    Show 'over budget: Unlock-LensmorEvent -Id 139020, 139021 -PlanPath ./over.json' { Unlock-LensmorEvent -Id 139020, 139021 -PlanPath ./over.json }
    Show 'over budget: Invoke-LensmorPlan ./stale.json -WhatIf (a plan of 4,000 credits)' { Invoke-LensmorPlan ./stale.json -WhatIf }
    Clear-LensmorBudget
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.Key) -BaseUri $elsewhere.Url -JournalPath (Join-Path $folder 'journal.jsonl')
    Show 'other account: Invoke-LensmorPlan ./soon.json -Force (connected to another base URL)' { Invoke-LensmorPlan ./soon.json -Force }
    $wait = $expiring.ExpiresAt - [DateTimeOffset]::UtcNow
    if ($wait -gt [TimeSpan]::Zero) { Start-Sleep -Milliseconds ([int]$wait.TotalMilliseconds + 500) }
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.Key) -BaseUri $sandbox.Url -JournalPath (Join-Path $folder 'journal.jsonl')
    Show 'expired: Invoke-LensmorPlan ./soon.json -Force (made with -PlanExpiresIn 00:01:00)' { Invoke-LensmorPlan ./soon.json -Force }
}
finally {
    Pop-Location
    Disconnect-Lensmor
    Stop-PerfSandbox $sandbox
    Stop-PerfSandbox $elsewhere
    Remove-Item $folder -Recurse -ErrorAction SilentlyContinue
}
