<#
.SYNOPSIS
Measures every paid cmdlet at the sandbox's realistic profile and at its defaults (issue 13.7): requests per target,
seconds before the first prompt and to the last receipt, each beside its floors measured in the same run. Also the
429-without-rate-limit-headers case (reads before and after one 429 from a server that sends no X-RateLimit-*).

.DESCRIPTION
Every row runs against a sandbox of its own (src/Lensmor.Sandbox, built; `--profile real` or the defaults, with
1,000,000 credits), so that its world, ledger and rate-limit bucket start fresh. The module is imported from
out/Lensmor into a runspace without a host (What if lines and prompts go nowhere), connected with a journal of its
own. A row's input (events, people, company names) is read first, untimed, with the module's own cmdlets, as a
user would collect it into a variable; then the script waits until the sandbox's bucket is full again, clears the
sandbox's request log, and times the one command. What a row reports:

  Requests      /external requests the command sent (the sandbox's request log), and per target.
  Prompt s      seconds from the command's start to the point where it asks: with -WhatIf, the command's end (the
                What if lines and the total are written when the plan is complete, and nothing is sent after);
                with -Force, the arrival of the first paid request at the sandbox. A run asks at the same point
                (PaidRun plans every target and reads the balance, then asks per target), so this is also the
                time before the first confirmation prompt of the same run without -Force.
  Plan req      requests sent before that point (for -WhatIf: all of them).
  Last s        seconds to the last object the command wrote (its last receipt or result).
  floors        the same run's figures at the limits: `rate` is (requests beyond the burst) / rate, the least
                time the rate limit allows them from a full bucket (the issue's "requests / rate", less the burst
                that a fresh bucket lets through at once); `latency` is the mean latency the sandbox added in this
                run times the depth of requests that must wait for one another (Depth: the plan's reads can all go
                at once, so 1; then one per paid request sent in turn; a contact task adds its duration and one poll).
  Goal          issue 13's goal for the row, where it sets one.

Timings are wall time on this machine; compare a build with another in runs on the same machine, and read the
load average printed first. The request counts and per-target figures do not depend on the machine.

.EXAMPLE
dotnet build LensmorPS.sln -c Release
dotnet tool run pwsh -NoProfile -File tests/perf/Measure-PaidPaths.ps1

Both profiles, every row, and the 429 case: about 10 minutes, most of it the realistic profile's waits. out/Lensmor
holds the module of the last build, whatever its configuration: build Release last, as above.

.EXAMPLE
dotnet tool run pwsh -NoProfile -File tests/perf/Measure-PaidPaths.ps1 -SandboxProfile default -Row Email*

One profile, and only the rows whose name matches (names: the Row column). -Row NoHeaders429 runs the 429 case alone.
Under -File a list does not bind (-Row A,B is one string): name one row or pattern, or run the script with -Command:
dotnet tool run pwsh -NoProfile -c './tests/perf/Measure-PaidPaths.ps1 -Row Events*,NoHeaders429'

.EXAMPLE
dotnet tool run pwsh -NoProfile -File tests/perf/Measure-PaidPaths.ps1 -ModulePath /tmp/old/out/Lensmor/Lensmor.psd1

Measures another build of the module (an older commit built in its own folder) against this sandbox build.
#>
[CmdletBinding()]
param(
    [ValidateSet('real', 'default')]
    [string[]] $SandboxProfile = @('real', 'default'),
    # Row names or wildcards; all rows by default.
    [string[]] $Row = @('*'),
    [string] $Configuration = 'Release',
    # The module to measure; by default this worktree's build.
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
. "$PSScriptRoot/PerfSandbox.ps1"
$build = Get-PerfBuild $Configuration $ModulePath
$root = $build.Root
$sandboxDll = $build.SandboxDll
$module = $build.Module

# ---------------------------------------------------------------------------------------------------- the rows
# Setup and Run are script text, run in the worker runspace (a script block made here would run back here).
# Setup's output is the command's input ($in). Depth: see .DESCRIPTION; TaskWait: the row waits for contact tasks.
$eventId = '139001'
$people = "Get-LensmorPersonnel -EventId $eventId -First {0}"
# A plan file of its own for each plan row (worker script text: evaluated there, once per row).
$planFile = '(Join-Path ([IO.Path]::GetTempPath()) "lensmor-perf-plan-$([guid]::NewGuid().ToString(''N'')).json")'
$rows = @(
    @{ Name = 'Email400WhatIf'; Cmdlet = 'Unlock-LensmorContactEmail'; Targets = 400; UnlockEvent = $true
       Text = '400 people of one unlocked event (from Get-LensmorPersonnel) | Unlock-LensmorContactEmail -WhatIf'
       Setup = $people -f 400; Run = '$in | Unlock-LensmorContactEmail -WhatIf'; PlanDepth = 1; EndDepth = 1
       Goal = '<= 20 requests, <= 15 s' }
    @{ Name = 'Events100WhatIf'; Cmdlet = 'Unlock-LensmorEvent'; Targets = 100
       Text = '100 events from Get-LensmorEvent | Unlock-LensmorEvent -WhatIf'
       Setup = 'Get-LensmorEvent -First 100'; Run = '$in | Unlock-LensmorEvent -WhatIf'; PlanDepth = 1; EndDepth = 1
       Goal = '<= 110 requests, <= 20 s' }
    @{ Name = 'Events10Force'; Cmdlet = 'Unlock-LensmorEvent'; Targets = 10
       Text = '10 events from Get-LensmorEvent | Unlock-LensmorEvent -Force'
       Setup = 'Get-LensmorEvent -First 10'; Run = '$in | Unlock-LensmorEvent -Force'; PlanDepth = 1; EndDepth = 11
       Goal = '<= 32 requests' }
    @{ Name = 'Email100Force'; Cmdlet = 'Unlock-LensmorContactEmail'; Targets = 100; UnlockEvent = $true; TaskWait = $true
       Text = '100 people | Unlock-LensmorContactEmail -Force'
       Setup = $people -f 100; Run = '$in | Unlock-LensmorContactEmail -Force'; PlanDepth = 1; EndDepth = 3 }
    @{ Name = 'Email200ToFirstPaid'; Cmdlet = 'Unlock-LensmorContactEmail'; Targets = 200; UnlockEvent = $true
       Text = '200-contact unlock: requests before the first paid request (-Force -NoWait)'
       Setup = $people -f 200; Run = '$in | Unlock-LensmorContactEmail -Force -NoWait'; PlanDepth = 1; EndDepth = 3
       Goal = '<= 10 requests before the first paid request' }
    @{ Name = 'Phone100Force'; Cmdlet = 'Unlock-LensmorContactPhone'; Targets = 100; UnlockEvent = $true; TaskWait = $true
       Text = '100 people | Unlock-LensmorContactPhone -Force'
       Setup = $people -f 100; Run = '$in | Unlock-LensmorContactPhone -Force'; PlanDepth = 1; EndDepth = 3 }
    @{ Name = 'LinkedIn100Force'; Cmdlet = 'Unlock-LensmorLinkedInActivity'; Targets = 100; UnlockEvent = $true
       Text = '100 people | Unlock-LensmorLinkedInActivity -Force'
       Setup = $people -f 100; Run = '$in | Unlock-LensmorLinkedInActivity -Force'; PlanDepth = 1; EndDepth = 3 }
    @{ Name = 'Outreach100Force'; Cmdlet = 'Request-LensmorOutreachMessage'; Targets = 100; UnlockEvent = $true
       Text = '100 people | Request-LensmorOutreachMessage -Force'
       Setup = $people -f 100; Run = '$in | Request-LensmorOutreachMessage -Force'; PlanDepth = 1; EndDepth = 3 }
    # Issue 14: applying a saved plan. Setup writes the plan (untimed, with the module's -PlanPath) and hands its
    # Lensmor.Plan object on; the timed command applies it: the plan's targets priced again, then spent as the cmdlet would.
    @{ Name = 'PlanEvents100Apply'; Cmdlet = 'Invoke-LensmorPlan'; Targets = 100
       Text = 'a plan of 100 events (Get-LensmorEvent -First 100 | Unlock-LensmorEvent -PlanPath) | Invoke-LensmorPlan -Force'
       Setup = "Get-LensmorEvent -First 100 | Unlock-LensmorEvent -PlanPath $planFile"; Run = '$in | Invoke-LensmorPlan -Force'; PlanDepth = 1; EndDepth = 101 }
    @{ Name = 'PlanEmail400Apply'; Cmdlet = 'Invoke-LensmorPlan'; Targets = 400; UnlockEvent = $true; TaskWait = $true
       Text = 'a plan of 400 contacts (Get-LensmorPersonnel ... | Unlock-LensmorContactEmail -PlanPath) | Invoke-LensmorPlan -Force'
       Setup = ($people -f 400) + " | Unlock-LensmorContactEmail -PlanPath $planFile"; Run = '$in | Invoke-LensmorPlan -Force'; PlanDepth = 1; EndDepth = 3 }
    @{ Name = 'Exhibitor10Force'; Cmdlet = 'Search-LensmorExhibitor'; Targets = 10
       Text = '10 company names | Search-LensmorExhibitor -Force'
       Setup = 'Get-LensmorExhibitor -EventId 139002 -First 10 | ForEach-Object CompanyName'
       Run = '$in | Search-LensmorExhibitor -Force'; PlanDepth = 1; EndDepth = 11 }
    @{ Name = 'ExhibitorEvents10Force'; Cmdlet = 'Search-LensmorExhibitorEvents'; Targets = 10
       Text = '10 company names | Search-LensmorExhibitorEvents -Force'
       Setup = 'Get-LensmorExhibitor -EventId 139002 -First 10 | ForEach-Object CompanyName'
       Run = '$in | Search-LensmorExhibitorEvents -Force'; PlanDepth = 1; EndDepth = 11 }
) | Where-Object { $name = $_.Name; $Row | Where-Object { $name -like $_ } }

# ---------------------------------------------------------------------------------------------------- the worker
$state = [initialsessionstate]::CreateDefault2()
$state.ImportPSModule($module)
$worker = [runspacefactory]::CreateRunspace($state)   # no host: What if lines and prompts are not printed here
$worker.Open()

function Invoke-Worker([string] $Script, [hashtable] $Parameters = @{}) {
    $shell = [powershell]::Create()
    try {
        $shell.Runspace = $worker
        $null = $shell.AddScript($Script)
        foreach ($name in $Parameters.Keys) { $null = $shell.AddParameter($name, $Parameters[$name]) }
        $output = $shell.Invoke()
        if ($shell.Streams.Error.Count -gt 0 -and -not $Parameters.ContainsKey('Run')) { throw "In the worker: $($shell.Streams.Error[0])" }
        $output
    }
    finally { $shell.Dispose() }
}

# The timed command: the time of every object it writes, and its errors (a row with errors says so).
$measure = @'
param([string] $Run, [object[]] $In)
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
$command = [scriptblock]::Create($Run.Replace('$in', '$input'))
$ErrorActionPreference = 'SilentlyContinue'
$first = $last = $null
$count = 0
$Error.Clear()
$stop = $null
$start = [DateTimeOffset]::UtcNow
try {
    $In | & $command | ForEach-Object {
        $last = [DateTimeOffset]::UtcNow
        if ($null -eq $first) { $first = $last }
        $count++
    }
}
catch { $stop = $_ }
$firstError = if ($stop) { "$stop" } elseif ($Error.Count -gt 0) { "$($Error[$Error.Count - 1])" } else { '' }
[pscustomobject]@{ Start = $start; End = [DateTimeOffset]::UtcNow; First = $first; Last = $last; Outputs = $count; Errors = $Error.Count; FirstError = $firstError }
'@

function Connect-Worker($Sandbox) {
    $journal = Join-Path ([IO.Path]::GetTempPath()) "lensmor-perf-$([guid]::NewGuid().ToString('N')).jsonl"
    Invoke-Worker 'param($Key, $Url, $Journal) Disconnect-Lensmor; Connect-Lensmor -ApiKey $Key -BaseUri $Url -JournalPath $Journal' @{ Key = $Sandbox.Key; Url = $Sandbox.Url; Journal = $journal }
    $journal
}

function Get-Limits([string] $SandboxProfile) {
    if ($SandboxProfile -eq 'real') { @{ Rate = 2; Burst = 120; Switches = @('--profile', 'real') } } else { @{ Rate = 200; Burst = 400; Switches = @() } }
}

function Measure-Row($Spec, [string] $SandboxProfile) {
    $limits = Get-Limits $SandboxProfile
    $sandbox = Start-PerfSandbox $sandboxDll (@('--balance', '1000000') + $limits.Switches)
    $journal = $null
    try {
        $journal = Connect-Worker $sandbox
        if ($Spec.UnlockEvent) { $null = Invoke-RestMethod -Method Post "$($sandbox.Url)/_sandbox/events/unlock" -Body "{""eventId"":""$eventId""}" }
        $in = @(Invoke-Worker $Spec.Setup)

        # A full bucket to start from, as the floors assume.
        $setupRequests = @(Get-SandboxLog $sandbox).Count
        Start-Sleep -Milliseconds ([int](1000 * $setupRequests / $limits.Rate) + 500)
        Clear-SandboxLog $sandbox

        $run = Invoke-Worker $measure @{ Run = $Spec.Run; In = $in }
        $log = @(Get-SandboxLog $sandbox | Sort-Object { [DateTimeOffset] $_.receivedAt })
        $paid = @($log | Where-Object isPaidRoute)
        $firstPaid = if ($paid) { [DateTimeOffset] $paid[0].receivedAt } else { $null }
        $promptAt = if ($firstPaid) { $firstPaid } else { $run.End }
        $planRequests = if ($firstPaid) { @($log | Where-Object { [DateTimeOffset] $_.receivedAt -lt $firstPaid }).Count } else { $log.Count }
        $latency = if ($log) { ($log | Measure-Object latencyMs -Average).Average / 1000 } else { 0 }
        $task = if ($Spec.TaskWait) { if ($SandboxProfile -eq 'real') { 20 } else { 0.6 } } else { 0 }
        $lastAt = if ($run.Last) { $run.Last } else { $run.End }
        [pscustomobject]@{
            Profile       = $SandboxProfile
            Row           = $Spec.Name
            Cmdlet        = $Spec.Cmdlet
            Targets       = $Spec.Targets
            Requests      = $log.Count
            'Req/target'  = [math]::Round($log.Count / $Spec.Targets, 2)
            'Plan req'    = $planRequests
            'Prompt s'    = [math]::Round(($promptAt - $run.Start).TotalSeconds, 2)
            'floor rate'  = [math]::Round([math]::Max(0, $planRequests - $limits.Burst) / $limits.Rate, 1)
            'floor lat.'  = [math]::Round($latency * $Spec.PlanDepth, 2)
            'Last s'      = [math]::Round(($lastAt - $run.Start).TotalSeconds, 2)
            'end rate'    = [math]::Round([math]::Max(0, $log.Count - $limits.Burst) / $limits.Rate, 1)
            'end lat.'    = [math]::Round($latency * $Spec.EndDepth + $task, 2)
            Paid          = $paid.Count
            '429s'        = @($log | Where-Object statusCode -EQ 429).Count
            '5xx'         = @($log | Where-Object statusCode -GE 500).Count
            Errors        = $run.Errors
            Goal          = $Spec.Goal
            Text          = $Spec.Text
            FirstError    = $run.FirstError
        }
    }
    finally {
        Invoke-Worker 'Disconnect-Lensmor'
        Stop-PerfSandbox $sandbox
        if ($journal) { Remove-Item $journal -ErrorAction SilentlyContinue }
    }
}

# Issue 13, "found on the way": Lensmor.Sandbox --no-rate-limit (no X-RateLimit-* headers), one 429 with
# Retry-After 0 on a balance read. Milliseconds before the 429 and after it; after it they should be the same.
function Measure-NoHeaders429 {
    $sandbox = Start-PerfSandbox $sandboxDll @('--no-rate-limit')
    $journal = $null
    try {
        $journal = Connect-Worker $sandbox
        $time = {
            param([string] $Script)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = Invoke-Worker $Script
            [math]::Round($watch.Elapsed.TotalMilliseconds)
        }
        $null = & $time 'Get-LensmorBalance; Get-LensmorEvent -First 1'   # warm-up (JIT), untimed
        $balanceBefore = & $time '1..5 | ForEach-Object { Get-LensmorBalance }'
        $eventsBefore = & $time 'Get-LensmorEvent -First 300'
        $fault = @{ method = 'GET'; pathPattern = '^/external/credits/balance$'; kind = 'StatusBeforeExecute'; statusCode = 429; retryAfterSeconds = 0 } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post "$($sandbox.Url)/_sandbox/faults" -Body $fault -ContentType 'application/json'
        $throttled = & $time 'Get-LensmorBalance'
        $balanceAfter = & $time '1..5 | ForEach-Object { Get-LensmorBalance }'
        $eventsAfter = & $time 'Get-LensmorEvent -First 300'
        $answers429 = @(Get-SandboxLog $sandbox | Where-Object statusCode -EQ 429).Count
        [pscustomobject]@{ Run = '5 x Get-LensmorBalance'; 'Before the 429 (ms)' = $balanceBefore; 'After it (ms)' = $balanceAfter }
        [pscustomobject]@{ Run = 'Get-LensmorEvent -First 300 (3 pages)'; 'Before the 429 (ms)' = $eventsBefore; 'After it (ms)' = $eventsAfter }
        [pscustomobject]@{ Run = "the read that met the 429 (Retry-After 0; $answers429 answer of 429)"; 'Before the 429 (ms)' = ''; 'After it (ms)' = $throttled }
    }
    finally {
        Invoke-Worker 'Disconnect-Lensmor'
        Stop-PerfSandbox $sandbox
        if ($journal) { Remove-Item $journal -ErrorAction SilentlyContinue }
    }
}

# ---------------------------------------------------------------------------------------------------- the run
$load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' }
$commit = try { (git -C $root rev-parse --short HEAD 2>$null) } catch { 'n/a' }
Write-Host "pwsh $($PSVersionTable.PSVersion), $([Environment]::ProcessorCount) cores, load average $load, $Configuration build, commit $commit, module $module"

function Invoke-WarmUp {
    # The paid paths' first run in a process compiles their code; a fresh default sandbox takes that, untimed.
    $sandbox = Start-PerfSandbox $sandboxDll @('--balance', '1000000', '--task-step-ms', '50', '--poll-hint-ms', '10')
    try {
        $journal = Connect-Worker $sandbox
        $null = Invoke-RestMethod -Method Post "$($sandbox.Url)/_sandbox/events/unlock" -Body "{""eventId"":""$eventId""}"
        $null = Invoke-Worker @"
`$ProgressPreference = 'SilentlyContinue'
Get-LensmorEvent -First 3 | Unlock-LensmorEvent -WhatIf
Get-LensmorEvent -First 2 | Unlock-LensmorEvent -Force
Get-LensmorPersonnel -EventId $eventId -First 3 | Unlock-LensmorContactEmail -Force -WarningAction SilentlyContinue
"@
        Remove-Item $journal -ErrorAction SilentlyContinue
    }
    finally {
        Invoke-Worker 'Disconnect-Lensmor'
        Stop-PerfSandbox $sandbox
    }
}

try {
    Invoke-WarmUp
    $results = foreach ($p in $SandboxProfile) {
        foreach ($spec in $rows) {
            Write-Host "  $p $($spec.Name) ..."
            Measure-Row $spec $p
        }
    }
    $headerless = if ($Row | Where-Object { 'NoHeaders429' -like $_ }) { Measure-NoHeaders429 }

    $results | Format-Table Profile, Row, Targets, Requests, 'Req/target', 'Plan req', 'Prompt s', 'floor rate', 'floor lat.', 'Last s', 'end rate', 'end lat.', Paid, '429s', '5xx', Errors, Goal -AutoSize |
        Out-String -Width 300
    $results | Select-Object Row, Cmdlet, Text -Unique | Format-Table -AutoSize | Out-String -Width 300
    $results | Where-Object Errors | Format-List Profile, Row, Errors, FirstError | Out-String -Width 300
    if ($headerless) {
        Write-Host '429 from a server without rate-limit headers (Lensmor.Sandbox --no-rate-limit, Retry-After 0):'
        $headerless | Format-Table -AutoSize | Out-String -Width 300
    }
}
finally {
    $worker.Dispose()
}
