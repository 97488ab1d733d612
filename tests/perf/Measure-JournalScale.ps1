<#
.SYNOPSIS
Measures a paid run's start (Unlock-LensmorEvent -WhatIf in a fresh pwsh) with a year of journal history against the
same start with an empty journal, in the same run: time and memory, as ratios and differences.

.DESCRIPTION
Builds a journal of -Records settled event unlocks (a year of a job that runs every 5 minutes: intended, sent and
settled lines, as main's single-file journal holds them, about 107 MB for 100,000), for the account the sandbox's key
is, then starts a fresh pwsh per measurement that imports the module and times one command (after the import):

  - the first paid run's start on the year's journal as main left it: the one-time upgrade (archive by month);
  - then, interleaved -Repeat times, the start with an empty journal and with the upgraded year's journal;
  - Get-LensmorSpendLog -Since (a day ago) on the year's journal against a journal of only that day (the same rows),
    Get-LensmorBudget (a month's budget set in each journal), and the whole spend log streamed to Measure-Object
    (the year's 100,000 rows);
  - the start again with the active file at its largest (just under the size that triggers a compaction).

Each row gives the median command time, its ratio to the empty journal's, and the working set and peak working
set of the pwsh process after the command (and their difference from the empty journal's). The goal of issue 14.5:
a start at most 1.5x the empty journal's time and at most 100 MiB more memory.

With -BaselineModulePath (another build, such as main's), the same start is also timed with that module on its own
copy of the year's journal as main wrote it, for the figures before the change.

.EXAMPLE
dotnet build LensmorPS.sln -c Release
dotnet tool run pwsh -NoProfile -File tests/perf/Measure-JournalScale.ps1

.EXAMPLE
dotnet tool run pwsh -NoProfile -File tests/perf/Measure-JournalScale.ps1 -Records 20000 -Repeat 3 -BaselineModulePath /tmp/main/out/Lensmor/Lensmor.psd1
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 1000000)]
    [int] $Records = 100000,
    [ValidateRange(1, 50)]
    [int] $Repeat = 5,
    [string] $Configuration = 'Release',
    # The module to measure; by default this worktree's build.
    [string] $ModulePath,
    # Another build to time on a copy of main's single-file journal (the "before" figures).
    [string] $BaselineModulePath
)

$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
$sandboxDll = Join-Path $root "src/Lensmor.Sandbox/bin/$Configuration/net10.0/Lensmor.Sandbox.dll"
$module = if ($ModulePath) { (Resolve-Path $ModulePath).Path } else { Join-Path $root 'out/Lensmor/Lensmor.psd1' }
if (-not (Test-Path $sandboxDll)) { throw "Build first: dotnet build LensmorPS.sln -c $Configuration ($sandboxDll is missing)" }
Import-Module $module

$work = Join-Path ([IO.Path]::GetTempPath()) "lensmor-journal-scale-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory $work

function Start-Sandbox {
    $out = New-TemporaryFile
    $process = Start-Process dotnet -ArgumentList @($sandboxDll, '--urls', 'http://127.0.0.1:0', '--balance', '100000000') -RedirectStandardOutput $out -PassThru -NoNewWindow
    for ($i = 0; $i -lt 200 -and -not ((Get-Content $out -Raw) -match 'listening on (\S+)'); $i++) { Start-Sleep -Milliseconds 100 }
    if (-not $Matches) { throw 'The sandbox did not start.' }
    $url = $Matches[1].TrimEnd('/')
    $key = [regex]::Match((Get-Content $out -Raw), 'API key: (\S+)').Groups[1].Value
    [pscustomobject]@{ Process = $process; Url = $url; Key = $key; Output = $out }
}

function Get-ShellCommandLine {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return $process, (Join-Path $PSHOME 'pwsh.dll') }
    , $process
}

# Settled event unlocks as main's journal holds them: one file, three JSON lines per attempt, one every -Every
# (a year of a job that runs every 5 minutes: 100,000), the last at -End.
function Add-Unlocks([string] $Path, [string] $Account, [int] $Count, [DateTimeOffset] $End, [TimeSpan] $Every, [int] $FirstEvent = 200000, [switch] $Append) {
    $writer = [IO.StreamWriter]::new($Path, [bool]$Append, [Text.UTF8Encoding]::new($false))
    $writer.NewLine = "`n"
    try {
        for ($i = $Count - 1; $i -ge 0; $i--) {
            $at = $End - [TimeSpan]::FromTicks($Every.Ticks * $i)
            $eventId = [string]($FirstEvent + $i)
            $id = [guid]::NewGuid().ToString('N')
            $key = [Lensmor.Core.Spending.IntentJournal]::KeyFor($Account, 'UnlockEvent', [string[]]@($eventId), 'Contacts')
            $head = '{"v":1,"id":"' + $id + '","key":"' + $key + '","state":"'
            $tail = '","account":"' + $Account + '","cmdlet":"Unlock-LensmorEvent","action":"UnlockEvent","targets":"' + $eventId + '","scope":"Contacts","expected":2000.0'
            $writer.WriteLine($head + 'intended","at":"' + $at.ToString('o') + $tail + ',"pid":41327,"host":"scheduler-01"}')
            $writer.WriteLine($head + 'sent","at":"' + $at.AddMilliseconds(12).ToString('o') + $tail + ',"pid":41327,"host":"scheduler-01"}')
            $writer.WriteLine($head + 'settled","at":"' + $at.AddMilliseconds(420).ToString('o') + $tail +
                ',"charged":2000.0,"balanceAfter":' + (90000000 - 2000 * $i) + '.0,"traceId":"tr-' + $id.Substring(0, 16) + '","outcome":"charged","pid":41327,"host":"scheduler-01"}')
        }
    }
    finally { $writer.Dispose() }
}

# One command in a fresh pwsh, after Import-Module: its time, and the process's working set and peak afterwards.
function Measure-Child([string] $Name, [string] $ModuleFile, [string] $Journal, [string] $Command) {
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($ModuleFile -replace "'", "''")'
`$watch = [Diagnostics.Stopwatch]::StartNew()
& { $Command } 6>`$null
`$ms = `$watch.Elapsed.TotalMilliseconds
`$process = [Diagnostics.Process]::GetCurrentProcess()
'RESULT {0} {1} {2}' -f `$ms, `$process.WorkingSet64, `$process.PeakWorkingSet64
"@
    $env:LENSMOR_JOURNAL_PATH = $Journal
    $shell = @(Get-ShellCommandLine)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    $output = & $shell[0] @($shell | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | Out-String
    $result = [regex]::Match($output, 'RESULT (\S+) (\d+) (\d+)')
    if (-not $result.Success) { throw "$Name failed:`n$output" }
    [pscustomobject]@{
        Name    = $Name
        Ms      = [double]::Parse($result.Groups[1].Value, [Globalization.CultureInfo]::InvariantCulture)
        WorkMiB = [double]$result.Groups[2].Value / 1MB
        PeakMiB = [double]$result.Groups[3].Value / 1MB
    }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    if ($sorted.Count % 2) { $sorted[[int][Math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

$sandbox = Start-Sandbox
try {
    $env:LENSMOR_API_KEY = $sandbox.Key
    $env:LENSMOR_BASE_URL = $sandbox.Url
    $env:LENSMOR_JOURNAL_PATH = Join-Path $work 'probe.jsonl'
    $context = Get-LensmorContext
    $account = ([uri]$context.BaseUri).GetLeftPart('Authority') + ' ' + $context.Account

    $empty = Join-Path $work 'empty/journal.jsonl'
    $day = Join-Path $work 'day/journal.jsonl'
    $year = Join-Path $work 'year/journal.jsonl'
    $null = New-Item -ItemType Directory (Split-Path $empty), (Split-Path $day), (Split-Path $year)
    $built = [Diagnostics.Stopwatch]::StartNew()
    $end = [DateTimeOffset]::UtcNow.AddMinutes(-30)
    Add-Unlocks -Path $year -Account $account -Count $Records -End $end -Every ([TimeSpan]::FromMinutes(5))
    Add-Unlocks -Path $day -Account $account -Count 288 -End $end -Every ([TimeSpan]::FromMinutes(5)) -FirstEvent (200000 + $Records - 288)
    $megabytes = (Get-Item $year).Length / 1MB
    Write-Host ("Built a journal of {0:N0} settled event unlocks ({1:N0} MB, main's layout) in {2:N1} s; sandbox {3}; machine load {4}." -f $Records, $megabytes, $built.Elapsed.TotalSeconds, $sandbox.Url, $(if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' }))
    if ($BaselineModulePath) { Copy-Item $year (Join-Path $work 'baseline.jsonl') }

    $start = 'Unlock-LensmorEvent -Id 139050 -WhatIf | Out-Null'
    $first = Measure-Child 'start, a year: the first (upgrades main''s layout)' $module $year $start
    $archived = @(Get-ChildItem "$year.archive" -Filter '20*.jsonl').Count
    Write-Host ("After the upgrade: active file {0:N0} KB, {1} month files in {2}.archive." -f ((Get-Item $year).Length / 1KB), $archived, (Split-Path $year -Leaf))

    foreach ($journal in $empty, $day, $year) {
        $env:LENSMOR_JOURNAL_PATH = $journal
        Set-LensmorBudget -Credits 100000000 -Period Month
    }

    # The active file at its largest: a copy of the upgraded year with recent unlocks added until it is just under
    # the size that triggers the next compaction (256 KiB), as it is just before each compaction.
    $full = Join-Path $work 'full/journal.jsonl'
    $null = New-Item -ItemType Directory (Split-Path $full)
    Copy-Item "$year*" (Split-Path $full) -Recurse
    $perAttempt = 1100
    $room = [Math]::Max(0, [int]((250KB - (Get-Item $full).Length) / $perAttempt))
    Add-Unlocks -Path $full -Account $account -Count $room -End ([DateTimeOffset]::UtcNow.AddMinutes(-1)) -Every ([TimeSpan]::FromSeconds(2)) -FirstEvent 400000 -Append
    Write-Host ("The largest active file: {0:N0} KB ({1} recent unlocks added)." -f ((Get-Item $full).Length / 1KB), $room)

    # Each case: its group (measured against that group's empty-journal case), journal, command and module.
    function Case($Group, $Name, $Journal, $Command, $ModuleFile = $module) { [pscustomobject]@{ Group = $Group; Name = $Name; Journal = $Journal; Command = $Command; Module = $ModuleFile } }
    $since = 'Get-LensmorSpendLog -Since (Get-Date).AddDays(-1) -WarningAction SilentlyContinue | Measure-Object | Out-Null'
    $cases = @(
        Case 'start' 'start, empty journal' $empty $start
        Case 'start' 'start, a year (upgraded)' $year $start
        Case 'start' 'start, a year, active file at its largest' $full $start
        Case 'since' 'spend log -Since 1 day, empty (only that day)' $day $since
        Case 'since' 'spend log -Since 1 day, a year' $year $since
        Case 'budget' 'Get-LensmorBudget, empty' $empty 'Get-LensmorBudget | Out-Null'
        Case 'budget' 'Get-LensmorBudget, a year' $year 'Get-LensmorBudget | Out-Null'
        Case 'budget' 'Get-LensmorBudget, a year, largest active file' $full 'Get-LensmorBudget | Out-Null'
        Case 'all' 'spend log, every row streamed, a year' $year ('$n = (Get-LensmorSpendLog | Measure-Object).Count; if ($n -ne ' + $Records + ') { throw "$n rows" }')
    )
    if ($BaselineModulePath) {
        $cases += Case 'start' 'start, a year, baseline module (main''s layout)' (Join-Path $work 'baseline.jsonl') $start (Resolve-Path $BaselineModulePath).Path
    }

    $samples = @{}
    for ($pass = 1; $pass -le $Repeat; $pass++) {
        foreach ($case in $cases) {
            $samples[$case.Name] += @(Measure-Child $case.Name $case.Module $case.Journal $case.Command)
        }
    }

    $rows = @([pscustomobject]@{ Group = 'start'; Name = $first.Name; Ms = $first.Ms; WorkMiB = $first.WorkMiB; PeakMiB = $first.PeakMiB }) + @(foreach ($case in $cases) {
        [pscustomobject]@{
            Group   = $case.Group
            Name    = $case.Name
            Ms      = Get-Median ($samples[$case.Name].Ms)
            WorkMiB = Get-Median ($samples[$case.Name].WorkMiB)
            PeakMiB = Get-Median ($samples[$case.Name].PeakMiB)
        }
    })
    $base = @{}
    foreach ($row in $rows | Where-Object Name -Like '*, empty*') { $base[$row.Group] = $row }

    Write-Host ("`nMedians of {0} fresh pwsh processes each (the first row: one run). 'x empty' and '+MiB' compare with the same command on an empty journal in this run." -f $Repeat)
    $rows | ForEach-Object {
        $b = $base[$_.Group]
        [pscustomobject]@{
            Case       = $_.Name
            'ms'       = [int]$_.Ms
            'x empty'  = if ($b) { '{0:N2}' -f ($_.Ms / $b.Ms) } else { '' }
            'WS MiB'   = [int]$_.WorkMiB
            '+MiB'     = if ($b) { [int]($_.WorkMiB - $b.WorkMiB) } else { '' }
            'Peak MiB' = [int]$_.PeakMiB
            '+Peak'    = if ($b) { [int]($_.PeakMiB - $b.PeakMiB) } else { '' }
        }
    } | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
}
finally {
    Stop-Process -Id $sandbox.Process.Id -ErrorAction SilentlyContinue
    Remove-Item $sandbox.Output -ErrorAction SilentlyContinue
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
