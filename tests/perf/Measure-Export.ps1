<#
.SYNOPSIS
Measures the personnel export of every sandbox event: the module (Get-LensmorPersonnel piped to Export-Csv)
against what a user would write instead (an Invoke-RestMethod page loop piped to Export-Csv).

.DESCRIPTION
Starts the sandbox (src/Lensmor.Sandbox, built) with the given switches on a free loopback port, unlocks every
event once (untimed), then times each export from a full rate-limit bucket. Prints records/s, seconds, requests,
answers of 429 (from the sandbox's request log) and, under a rate limit, the fraction of the budget reached:
the time the budget needs (burst at once, the rest at the rate) divided by the time taken.

Each row also gives the CPU seconds per 100,000 records of this pwsh process (its runspaces included) and of the
sandbox, and the 1-minute load average when the run started. On a shared machine wall time follows the load; CPU
time hardly does, so compare builds by CPU time, and by wall time only in runs interleaved with each other.

Pass 1 of a way is the first export of a fresh pwsh after a short warm-up: much of its code still runs unoptimised
(tier-0 JIT, then instrumented for dynamic PGO) and is re-compiled in the background, which a busy machine delays:
on 2 cores its CPU time is 4 to 7 times a warm pass's, and its wall time follows the load far more than a warm pass's.
-Repeat 3 shows the passes that follow, which run the optimised code; a fresh session's first export is pass 1.

.EXAMPLE
dotnet build LensmorPS.sln -c Release
dotnet tool run pwsh -NoProfile -File tests/perf/Measure-Export.ps1 -Repeat 3

All three cases (the default). Under -File a list does not bind (-Case NoLimit,Latency is one string); name one case, or
run the script with -Command: dotnet tool run pwsh -NoProfile -c './tests/perf/Measure-Export.ps1 -Case NoLimit,Latency'

.EXAMPLE
dotnet tool run pwsh -NoProfile -File tests/perf/Measure-Export.ps1 -Case NoLimit -Repeat 3 -SkipLoop -ModulePath /tmp/old/out/Lensmor/Lensmor.psd1

Measures another build of the module (an older commit built in its own worktree) against this sandbox build.
#>
[CmdletBinding()]
param(
    [ValidateSet('NoLimit', 'Latency', 'RateLimit')]
    [string[]] $Case = @('NoLimit', 'Latency', 'RateLimit'),
    [string] $Configuration = 'Release',
    [int] $LatencyMs = 20,
    [int] $RateLimit = 200,
    [int] $RateBurst = 400,
    [switch] $SkipLoop,
    [ValidateRange(1, 20)]
    [int] $Repeat = 1,
    # The module to measure; by default this worktree's build.
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
. "$PSScriptRoot/PerfSandbox.ps1"
$build = Get-PerfBuild $Configuration $ModulePath
$sandboxDll = $build.SandboxDll
$module = $build.Module
Import-Module $module

function Start-Sandbox([string[]] $Switches) { Start-PerfSandbox $sandboxDll (@('--balance', '1000000') + $Switches) }
function Stop-Sandbox($sandbox) { Stop-PerfSandbox $sandbox }
function Get-Log($sandbox) { Get-SandboxLog $sandbox }
function Clear-Log($sandbox) { Clear-SandboxLog $sandbox }

function Get-LoadAverage { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' } }

function Get-CpuSeconds([Diagnostics.Process] $process) { $process.Refresh(); $process.TotalProcessorTime.TotalSeconds }

function Measure-Run($sandbox, [string] $Name, [scriptblock] $Export, [bool] $Limited, [int] $Pass) {
    Clear-Log $sandbox
    if ($Limited) { Start-Sleep -Seconds ([math]::Ceiling($RateBurst / $RateLimit) + 1) }   # a full bucket to start from
    $csv = New-TemporaryFile
    $load = Get-LoadAverage
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $cpuBefore = Get-CpuSeconds $self
    $sandboxCpuBefore = Get-CpuSeconds $sandbox.Process
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Export $csv
    $watch.Stop()
    $cpu = (Get-CpuSeconds $self) - $cpuBefore
    $sandboxCpu = (Get-CpuSeconds $sandbox.Process) - $sandboxCpuBefore
    $rows = [IO.File]::ReadAllLines($csv).Length - 1
    Remove-Item $csv
    $all = Get-Log $sandbox
    $log = @($all | Where-Object path -EQ '/external/personnel/list')
    $ok = @($log | Where-Object statusCode -EQ 200).Count
    $throttled = @($log | Where-Object statusCode -EQ 429).Count
    $seconds = $watch.Elapsed.TotalSeconds
    $budget = if ($Limited) { [math]::Max(0, $ok - $RateBurst) / $RateLimit } else { $null }
    [pscustomobject]@{
        Run          = $Name
        Pass         = $Pass
        Records      = $rows
        Seconds      = [math]::Round($seconds, 2)
        'Records/s'  = [math]::Round($rows / $seconds)
        'CPU s/100k' = [math]::Round($cpu * 100000 / [math]::Max(1, $rows), 2)
        'Sandbox CPU s/100k' = [math]::Round($sandboxCpu * 100000 / [math]::Max(1, $rows), 2)
        Requests     = $ok
        '429s'       = $throttled
        BudgetSec    = if ($Limited) { [math]::Round($budget, 2) } else { '' }
        OfBudget     = if ($Limited) { [math]::Round($budget / $seconds, 2) } else { '' }
        Load         = $load
    }
}

$load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' }
Write-Host "pwsh $($PSVersionTable.PSVersion), $([Environment]::ProcessorCount) cores, load average $load, $Configuration build"

$results = foreach ($name in $Case) {
    $limited = $name -eq 'RateLimit'
    $switches = switch ($name) {
        'NoLimit'   { , @('--no-rate-limit') }
        'Latency'   { , @('--no-rate-limit', '--latency-ms', "$LatencyMs") }
        'RateLimit' { , @('--rate-limit', "$RateLimit", '--rate-burst', "$RateBurst") }
    }
    $sandbox = Start-Sandbox $switches
    try {
        $env:LENSMOR_BASE_URL = $sandbox.Url
        $env:LENSMOR_API_KEY = $sandbox.Key
        Connect-Lensmor -ApiKey $sandbox.Key -BaseUri $sandbox.Url -NoJournal
        $events = @(Get-LensmorEvent)
        $null = $events | Unlock-LensmorEvent -Force -Confirm:$false -WarningAction SilentlyContinue
        $ids = $events.EventId
        $url = $sandbox.Url
        $headers = @{ Authorization = "Bearer $($sandbox.Key)" }

        # Untimed warm-up of both ways (JIT, Export-Csv), so that neither pays for being first.
        $warm = New-TemporaryFile
        $ids[0..2] | Get-LensmorPersonnel | Export-Csv $warm
        Invoke-RestMethod "$url/external/personnel/list?event_id=$($ids[0])&page=1&pageSize=50" -Headers $headers | ForEach-Object items | Export-Csv $warm
        Remove-Item $warm

        # The ways take turns in every pass, so that a change of load on the machine falls on all of them.
        foreach ($pass in 1..$Repeat) {
            Measure-Run $sandbox "$name | module: events | Get-LensmorPersonnel | Export-Csv" {
                param($csv) $ids | Get-LensmorPersonnel | Export-Csv $csv
            } $limited $pass

            if ($name -eq 'Latency') {
                Measure-Run $sandbox "$name | module in ForEach-Object -Parallel -ThrottleLimit 4" {
                    param($csv)
                    $ids | ForEach-Object -ThrottleLimit 4 -Parallel {
                        Import-Module $using:module
                        $_ | Get-LensmorPersonnel
                    } | Export-Csv $csv
                } $limited $pass
            }

            if (-not $SkipLoop) {
                Measure-Run $sandbox "$name | Invoke-RestMethod page loop | Export-Csv" {
                    param($csv)
                    & {
                        foreach ($id in $ids) {
                            $page = 1
                            do {
                                $answer = Invoke-RestMethod "$url/external/personnel/list?event_id=$id&page=$page&pageSize=50" -Headers $headers -MaximumRetryCount 5 -RetryIntervalSec 1
                                $answer.items
                                $page++
                            } while ($answer.hasMore)
                        }
                    } | Export-Csv $csv
                } $limited $pass
            }
        }
    }
    finally {
        Disconnect-Lensmor
        Stop-Sandbox $sandbox
    }
}

$results | Format-Table -Property * -AutoSize | Out-String -Width 300
