#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# User stories: a scheduled script. Each story runs in a CHILD pwsh, the same pinned one as this suite, started the
# way a scheduled task or cron starts it: -NoProfile -NonInteractive -File, stdin closed, stdout and stderr captured.
# -Debug and -Verbose must trace and never prompt (with -Force a run spends once per target), a paid cmdlet without
# -Force must spend nothing and say what to add, -WhatIf must print its What if lines, and the key must stay out of
# everything the run leaves behind. Two children keep it quick: one that is meant to succeed, one meant to be refused.
# The sandbox starts with 30,050 credits; an event unlock costs 2,000.

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    $sandbox = Start-LensmorSandbox

    function Get-Step {
        # The text one step of a child's script wrote to one stream: from its '##name' line to the next '##' line,
        # flattened to one line so that a message the error view wrapped at 80 columns (behind its '|' gutter)
        # reads as written. $null when the step never started.
        param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text, [Parameter(Mandatory)] [string] $Step)
        $lines = $Text -split '\r?\n'
        $at = [array]::IndexOf($lines, "##$Step")
        if ($at -lt 0) { return $null }
        $body = foreach ($line in ($lines | Select-Object -Skip ($at + 1))) {
            if ($line -like '##*') { break }
            $line -replace '^\s*\|\s?', ''
        }
        (@($body) -join ' ') -replace '\s+', ' ' -replace '^ | $', ''
    }
}

AfterAll {
    Stop-LensmorSandbox $sandbox
}

Describe 'A scheduled script (pwsh -NonInteractive, stdin closed)' {
    BeforeAll {
        $manifest = ConvertTo-Literal $ModuleManifest
        $forcedJournal = Join-Path $TestDrive 'forced.jsonl'
        $refusedJournal = Join-Path $TestDrive 'refused.jsonl'
        $traceLog = Join-Path $TestDrive 'trace.log'
        # Each step marks where it starts on both streams, so the assertions can tell the steps apart.
        $step = 'function Step([string] $Name) { Write-Host "##$Name"; $Host.UI.WriteErrorLine("##$Name") }'

        # Meant to succeed: the key comes from the environment through Connect-Lensmor, as a scheduled task keeps it.
        # No $ErrorActionPreference = 'Stop' here, so that a step that fails leaves the later steps to be judged alone.
        $forced = Start-ScheduledScript -Name 'forced' -Environment @{ LENSMOR_API_KEY = $sandbox.ApiKey } -Script @"
Import-Module $manifest -ErrorAction Stop
Connect-Lensmor -ApiKey (ConvertTo-SecureString `$env:LENSMOR_API_KEY -AsPlainText -Force) -BaseUri '$($sandbox.Url)' -JournalPath $(ConvertTo-Literal $forcedJournal)
$step
Step force-debug
Unlock-LensmorEvent -Id 139001 -Force -Debug
Step force-verbose
Unlock-LensmorEvent -Id 139002 -Force -Verbose
Step debug-preference
& { `$DebugPreference = 'Continue'; Unlock-LensmorEvent -Id 139003 -Force }
Step verbose-preference
& { `$VerbosePreference = 'Continue'; Unlock-LensmorEvent -Id 139004 -Force }
Step readme-trace
Unlock-LensmorEvent -Id 139005 -Force -Debug -Verbose 5>&1 4>&1 | Tee-Object -FilePath $(ConvertTo-Literal $traceLog)
Step end
"@

        # Meant to be refused: no -Force anywhere. The session comes from the environment variables alone.
        $refused = Start-ScheduledScript -Name 'refused' -Environment @{
            LENSMOR_API_KEY = $sandbox.ApiKey; LENSMOR_BASE_URL = $sandbox.Url; LENSMOR_JOURNAL_PATH = $refusedJournal
        } -Script @"
Import-Module $manifest -ErrorAction Stop
$step
Step unlock
Unlock-LensmorEvent -Id 139010
Step unlock-debug-caught
try { Unlock-LensmorEvent -Id 139011 -Debug -ErrorAction Stop } catch { 'caught ' + `$_.FullyQualifiedErrorId }
Step search
Search-LensmorExhibitorEvents -CompanyName Acme
Step whatif
Unlock-LensmorEvent -Id 139012, 139013 -WhatIf
Step stop
`$ErrorActionPreference = 'Stop'
Unlock-LensmorEvent -Id 139014 -Verbose
Step not-reached
"@

        # Both are waited for (and killed if they hang), even when the first fails.
        try { $forced = Wait-ScheduledScript $forced }
        finally { $refused = Wait-ScheduledScript $refused }
        $charges = @((Get-SandboxLedger $sandbox).charges)
        $paid = @(Get-SandboxPaidRequests $sandbox)
    }

    Context 'with -Force, -Debug and -Verbose trace and never prompt' {
        It 'runs to its end and exits 0 with nothing on stderr but its step marks' {
            $forced.StdOut -split '\r?\n' | Should -Contain '##end'
            $forced.ExitCode | Should -Be 0
            ($forced.StdErr -split '\r?\n' | Where-Object { $_ -and $_ -notlike '##*' }) | Should -BeNullOrEmpty
            "$($forced.StdOut)$($forced.StdErr)" | Should -Not -Match 'NonInteractive mode|Continue with this operation'
        }

        It '-Force -Debug unlocks and writes every HTTP exchange with the key masked, and no verbose line' {
            $out = Get-Step $forced.StdOut 'force-debug'
            $out | Should -Match 'DEBUG: HTTP POST http://127\.0\.0\.1:\d+/external/events/139001/unlock '
            $out | Should -Match 'DEBUG: HTTP 201 Created'
            $out | Should -Match 'Authorization: Bearer \*\*\*'
            $out | Should -Match '139001 CES 2027 Contacts Unlocked 2\D?000'
            # -Debug does not turn on -Verbose (README, Tracing).
            $out | Should -Not -Match 'VERBOSE:'
        }

        It '-Force -Verbose unlocks and writes the precheck, with no debug line' {
            $out = Get-Step $forced.StdOut 'force-verbose'
            $out | Should -Match 'VERBOSE: Precheck unlock_event_contacts for 139002: allowed=true'
            $out | Should -Match '139002 .* Unlocked 2\D?000'
            $out | Should -Not -Match 'DEBUG:'
        }

        It '$DebugPreference = ''Continue'' in the script traces as -Debug does' {
            $out = Get-Step $forced.StdOut 'debug-preference'
            $out | Should -Match 'DEBUG: HTTP POST \S+/external/events/139003/unlock '
            $out | Should -Match '139003 .* Unlocked 2\D?000'
        }

        It '$VerbosePreference = ''Continue'' in the script writes verbose lines as -Verbose does' {
            $out = Get-Step $forced.StdOut 'verbose-preference'
            $out | Should -Match 'VERBOSE: Precheck unlock_event_contacts for 139004'
            $out | Should -Match '139004 .* Unlocked 2\D?000'
        }

        It 'the README''s Tee-Object line keeps the debug and verbose trace in a file' {
            Get-Step $forced.StdOut 'readme-trace' | Should -Match 'DEBUG: HTTP POST \S+/external/events/139005/unlock '
            $trace = Get-Content -LiteralPath $traceLog -Raw
            $trace | Should -Match 'HTTP POST \S+/external/events/139005/unlock'
            $trace | Should -Match 'HTTP 201 Created'
            $trace | Should -Match 'Authorization: Bearer \*\*\*'
            $trace | Should -Match 'Precheck unlock_event_contacts for 139005'
        }

        It 'the ledger holds one charge of 2,000 per target, and the only paid requests are those five unlocks' {
            $charges.Count | Should -Be 5
            @($charges.target | Sort-Object) | Should -Be @('139001', '139002', '139003', '139004', '139005')
            $charges | ForEach-Object { $_.credits | Should -Be 2000 }
            @($paid.path | Sort-Object) | Should -Be @(139001..139005 | ForEach-Object { "/external/events/$_/unlock" })
        }
    }

    Context 'without -Force nothing is bought, and the error says what to add' {
        It 'a paid cmdlet fails with an error that names the purchase and says to add -Force or -Confirm:$false' {
            $err = Get-Step $refused.StdErr 'unlock'
            $err | Should -Match 'Unlock-LensmorEvent: .*Cannot ask to confirm "Unlock event access for 2\D?000 credits'
            $err | Should -Match "on event '[^']+' \(139010\): PowerShell is in NonInteractive mode"
            $err | Should -Match 'Nothing was sent and nothing was charged\.'
            $err | Should -Match 'To spend without a prompt, add -Force \(or -Confirm:\$false\)\.'
            # Without $ErrorActionPreference = 'Stop' the script goes on to its next step.
            $refused.StdOut -split '\r?\n' | Should -Contain '##unlock-debug-caught'
        }

        It 'with -Debug too: it still traces the reads, sends no unlock, and the error is caught as LensmorConfirmationUnavailable' {
            $out = Get-Step $refused.StdOut 'unlock-debug-caught'
            $out | Should -Match 'DEBUG: HTTP GET \S+/external/events/139011 '
            $out | Should -Not -Match 'HTTP POST \S+/external/events/139011/unlock'
            $out | Should -Match 'caught LensmorConfirmationUnavailable,Lensmor\.PowerShell\.Cmdlets\.UnlockLensmorEventCommand'
            Get-Step $refused.StdErr 'unlock-debug-caught' | Should -BeNullOrEmpty
        }

        It 'a paid search is refused the same way' {
            $err = Get-Step $refused.StdErr 'search'
            $err | Should -Match 'Search-LensmorExhibitorEvents: .*Cannot ask to confirm "Search events by company name'
            $err | Should -Match 'add -Force \(or -Confirm:\$false\)'
        }

        It 'with $ErrorActionPreference = ''Stop'' the script stops there and exits 1, so the task reports the failure' {
            Get-Step $refused.StdErr 'stop' | Should -Match 'Cannot ask to confirm .*\(139014\).* add -Force'
            $refused.StdOut -split '\r?\n' | Should -Not -Contain '##not-reached'
            $refused.ExitCode | Should -Be 1
        }

        It 'the ledger has no charge and the sandbox no paid request for any of its targets' {
            $targets = '139010', '139011', '139012', '139013', '139014', 'Acme'
            @($charges | Where-Object { $_.target -in $targets }) | Should -BeNullOrEmpty
            @($paid | Where-Object { $_.path -notmatch '^/external/events/13900[1-5]/unlock$' }) | Should -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'prints a What if line per event and the run''s total, with no error, and charges nothing' {
            $out = Get-Step $refused.StdOut 'whatif'
            $out | Should -Match 'What if: Performing the operation "Unlock event access for 2\D?000 credits [^"]*" on target "event ''[^'']+'' \(139012\)"'
            $out | Should -Match 'What if: Performing the operation "Unlock event access for 2\D?000 credits [^"]*" on target "event ''[^'']+'' \(139013\)"'
            $out | Should -Match 'What if: in total this run would spend 4\D?000 credits to unlock 2 events\.'
            Get-Step $refused.StdErr 'whatif' | Should -BeNullOrEmpty
            @($charges | Where-Object { $_.target -in '139012', '139013' }) | Should -BeNullOrEmpty
        }
    }

    Context 'the API key' {
        It 'appears in neither child''s output, nor in the journal files, nor in the trace file' {
            $key = [regex]::Escape($sandbox.ApiKey)
            foreach ($text in $forced.StdOut, $forced.StdErr, $refused.StdOut, $refused.StdErr) {
                $text | Should -Not -Match $key
            }
            # The forced run journalled its five unlocks; the refused run may have left no journal at all.
            $journal = Get-Content -LiteralPath $forcedJournal -Raw
            $journal | Should -Match '139005'
            $journal | Should -Not -Match $key
            if (Test-Path -LiteralPath $refusedJournal) { Get-Content -LiteralPath $refusedJournal -Raw | Should -Not -Match $key }
            Get-Content -LiteralPath $traceLog -Raw | Should -Not -Match $key
        }
    }
}

Describe 'A scheduled script''s receipts (issue 16.6, 16.7): what its log shows after -Force' {
    BeforeAll {
        $manifest = ConvertTo-Literal $ModuleManifest
        $journal = Join-Path $TestDrive 'receipts.jsonl'
        $step = 'function Step([string] $Name) { Write-Host "##$Name"; $Host.UI.WriteErrorLine("##$Name") }'
        $before = @((Get-SandboxLedger $sandbox).charges).Count
        # The rows are thrown away, as a job that only exports or counts them would: the receipt line still shows.
        $child = Start-ScheduledScript -Name 'receipts' -Environment @{
            LENSMOR_API_KEY = $sandbox.ApiKey; LENSMOR_BASE_URL = $sandbox.Url; LENSMOR_JOURNAL_PATH = $journal
        } -Script @"
Import-Module $manifest -ErrorAction Stop
$step
Step contacts
Get-LensmorPersonnel -EventId 139001 -First 3 | ForEach-Object PersonnelId | Unlock-LensmorContactEmail -EventId 139001 -Force | Out-Null
Step search
Search-LensmorExhibitorEvents -CompanyName Acme -PageSize 2 -Force -WarningAction SilentlyContinue | Out-Null
Step ignored
Search-LensmorExhibitorEvents -CompanyName Acme -Page 2 -PageSize 2 -Force -WarningAction SilentlyContinue -InformationAction Ignore | Out-Null
Step end
"@
        $child = Wait-ScheduledScript $child
        $charges = @((Get-SandboxLedger $sandbox).charges) | Select-Object -Skip $before
    }

    It 'a contact run shows one receipt line for the run, with what the ledger charged' {
        $child.ExitCode | Should -Be 0
        $charged = ($charges | Where-Object { $_.action -eq 'unlock_contact_emails' } | Measure-Object -Property credits -Sum).Sum
        $out = Get-Step $child.StdOut 'contacts'
        @([regex]::Matches($out, 'UnlockEmail ')).Count | Should -Be 1
        $out | Should -Match "UnlockEmail '\d+ contacts? of event 139001': charged $charged of up to \d+ credits \(balance [\d,]+ -> [\d,]+, traceId \S+\)"
    }

    It 'a paid search shows the README''s receipt line, and -InformationAction Ignore hides it' {
        Get-Step $child.StdOut 'search' | Should -Match "^SearchExhibitorEvents 'Acme': charged 50 of up to 50 credits \(balance [\d,]+ -> [\d,]+, traceId \S+\)$"
        Get-Step $child.StdOut 'ignored' | Should -BeNullOrEmpty
        @($charges | Where-Object { $_.action -eq 'search_exhibitor_events' }).Count | Should -Be 2
        ($child.StdErr -split '\r?\n' | Where-Object { $_ -and $_ -notlike '##*' }) | Should -BeNullOrEmpty
    }
}
