#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# User story (issue 13.5): a contact unlock whose window is closed while it waits for its tasks. The tasks keep
# running at Lensmor; the journal holds them. A new pwsh that runs the same command again follows those tasks to
# their end and pays for nothing twice. The sandbox's contact tasks take about 8 s here, so the first child is
# killed (as a closed window kills it: no cleanup runs) while it waits.

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    $testEnvironment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox -Arguments '--task-step-ms', '4000', '--poll-hint-ms', '500'
    $null = Invoke-SandboxControl -Sandbox $sandbox -Method POST -Route events/unlock -Body @{ eventId = '139001' }
    $childEnvironment = @{ LENSMOR_API_KEY = $sandbox.ApiKey; LENSMOR_BASE_URL = $sandbox.Url; LENSMOR_JOURNAL_PATH = $testEnvironment.JournalPath }

    function Start-Child([string] $Name, [string] $Script) {
        # A child pwsh as a scheduled job starts it, with only the LENSMOR_* variables given here.
        Start-ScheduledScript -Name $Name -Environment $childEnvironment -Script (
            "Import-Module '$($ModuleManifest -replace "'", "''")' -ErrorAction Stop`n" + $Script)
    }

    function Get-UnlockRequests { @(Invoke-SandboxControl -Sandbox $sandbox -Route requests | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/external/contacts/unlock' }) }

    $command = 'Get-LensmorPersonnel -EventId 139001 -First 30 | Unlock-LensmorContactEmail -Force'
}

AfterAll {
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'A contact unlock whose window is closed while it waits' {
    BeforeAll {
        $first = Start-Child 'first' $command
        try {
            # Killed once its paid request has gone out and its task is journalled, while it polls the task.
            $deadline = [DateTime]::UtcNow.AddMinutes(2)
            while (-not ((Get-UnlockRequests).Count -ge 1 -and (Get-Content -Raw $testEnvironment.JournalPath -ErrorAction SilentlyContinue) -match '@139001')) {
                if ([DateTime]::UtcNow -gt $deadline -or $first.Process.HasExited) { throw "The first child never sent its unlock: $($first.StdErr.Result)" }
                Start-Sleep -Milliseconds 100
            }
            $firstExitedByItself = $first.Process.HasExited
        }
        finally {
            $first.Process.Kill($true)
            $null = $first.Process.WaitForExit(30000)
        }
        $chargesAfterKill = @((Get-SandboxLedger $sandbox).charges).Count

        $second = Start-Child 'second' @"
`$results = @($command)
"RESULTS `$(`$results.Count) DELIVERED `$(@(`$results | Where-Object Delivered).Count) NAMED `$(@(`$results | Where-Object Name).Count)"
"UNKNOWN `$(@(Get-LensmorSpendLog | Where-Object Outcome -eq Unknown).Count)"
"@
        $second = Wait-ScheduledScript $second -TimeoutSec 180
        $secondOut = $second.StdOut
        $secondErr = $second.StdErr
    }

    It 'was still waiting for its task when its window was closed' {
        $firstExitedByItself | Should -BeFalse
        $chargesAfterKill | Should -Be 30
    }

    It 'the same command in a new process follows the task instead of sending a second unlock' {
        $second.ExitCode | Should -Be 0 -Because $secondErr
        @(Get-UnlockRequests).Count | Should -Be 1
        ($secondOut + $secondErr) | Should -Match 'created task\(s\) .* and never settled'
    }

    It 'charges every contact once and returns every result, named' {
        $charges = @((Get-SandboxLedger $sandbox).charges)
        $charges.Count | Should -Be 30
        @($charges | Group-Object target | Where-Object Count -gt 1).Count | Should -Be 0
        $secondOut | Should -Match 'RESULTS 30 DELIVERED \d+ NAMED 30'
    }

    It 'leaves no unknown outcome in the journal' {
        $secondOut | Should -Match 'UNKNOWN 0'
    }
}
