#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# User stories: a budget that outlives a process. A scheduled job starts a new pwsh every time, so one child process
# sets a budget, another reads it with what every process spent, and the spend log stays per account and endpoint.
# The sandbox starts with 30,050 credits; an event unlock costs 2,000.

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    Import-Module $ModuleManifest -Force -ErrorAction Stop
    $testEnvironment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox
    $childEnvironment = @{ LENSMOR_API_KEY = $sandbox.ApiKey; LENSMOR_BASE_URL = $sandbox.Url; LENSMOR_JOURNAL_PATH = $testEnvironment.JournalPath }
    $import = "Import-Module '$($ModuleManifest -replace "'", "''")' -ErrorAction Stop; "

    function Invoke-Child([string] $Script) {
        $result = Invoke-InChildShell -Script ($import + $Script) -Environment $childEnvironment
        $result.Text | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
        $result
    }
}

AfterAll {
    Disconnect-Lensmor
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'Budgets across processes' {
    BeforeAll {
        # This process is the third one: it spends through the same journal, as a scheduled job would.
        $env:LENSMOR_API_KEY = $sandbox.ApiKey
        $env:LENSMOR_BASE_URL = $sandbox.Url
    }

    AfterAll {
        $env:LENSMOR_API_KEY = $null
        $env:LENSMOR_BASE_URL = $null
    }

    It 'one process sets a budget, this one spends, and another reads what every process spent' {
        $set = Invoke-Child 'Set-LensmorBudget -Credits 10000 -Period Day; "set: $?"'
        $set.Text | Should -Match 'set: True'

        $null = Unlock-LensmorEvent -Id 139001 -Force
        (Get-LensmorBudget -Period Day).Spent | Should -Be 2000

        $read = Invoke-Child 'Get-LensmorBudget | ForEach-Object { "{0}|{1}|{2}|{3}|{4}" -f $_.Period, $_.Credits, $_.Spent, $_.Remaining, $_.PeriodEnd.UtcDateTime.ToString("o") }'
        $read.Text.Trim() | Should -Match '^Day\|10000\|2000\|8000\|\d{4}-\d\d-\d\dT00:00:00\.0000000Z$'
    }

    It 'the budget shows in the context and its view fits 80 columns' {
        $budget = Get-LensmorBudget -Period Day
        $budget.Account | Should -Match '^sk_[0-9a-f]{8}$'
        ($budget | Out-String -Width 80) -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        (Get-LensmorContext).Budget | Should -Be 'Day: 8,000 of 10,000 left'
    }

    It 'a scheduled script clears it without a prompt, and -WhatIf before that changes nothing' {
        $cleared = Invoke-Child 'Clear-LensmorBudget -WhatIf; "after what-if: $(@(Get-LensmorBudget).Count)"; Clear-LensmorBudget; "after clear: $(@(Get-LensmorBudget).Count)"'
        $cleared.Text | Should -Match 'What if: .*Remove the Day budget of 10,000 credits'
        $cleared.Text | Should -Match 'after what-if: 1'
        $cleared.Text | Should -Match 'after clear: 0'
        @(Get-LensmorBudget).Count | Should -Be 0
    }
}

Describe 'The spend log per account and endpoint' {
    It 'shows only the connected account unless -AllAccounts, and names the paid cmdlets on a typo' {
        Add-Content -LiteralPath $testEnvironment.JournalPath -Value '{"v":1,"id":"elsewhere","key":"k-elsewhere","state":"settled","at":"2026-11-30T10:05:00+00:00","account":"https://platform.lensmor.com sk_1a2b3c4d","cmdlet":"Unlock-LensmorEvent","action":"UnlockEvent","targets":"139777","scope":"Contacts","expected":2000,"charged":2000,"outcome":"charged","pid":1,"host":"elsewhere"}'
        $log = Invoke-Child @'
@(Get-LensmorSpendLog).Target -join ','
@(Get-LensmorSpendLog -AllAccounts | Sort-Object BaseUri).BaseUri -join ','
try { Get-LensmorSpendLog -Cmdlet Unlock-LensmorEvents -ErrorAction Stop } catch { $_.FullyQualifiedErrorId.Split(',')[0]; $_.Exception.Message }
'@
        $lines = $log.Text -split "`r?`n"
        $lines[0] | Should -Be '139001'
        $lines[1] | Should -Match '^http://127\.0\.0\.1:\d+,https://platform\.lensmor\.com$'
        $lines[2] | Should -Be 'LensmorInvalidArgument'
        $log.Text | Should -Match "'Unlock-LensmorEvents' is not a paid Lensmor cmdlet"
    }
}
