#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# User stories: plan, review, apply, in separate processes as a team works. One scheduled pwsh writes a plan, a
# reviewer's reads it, the job's applies it, a third checks the budget; two jobs starting together against one
# budget cannot overspend; a plan that changed is refused whole. Every child is pwsh -NonInteractive with its own
# LENSMOR_* variables and the journal they share. The sandbox starts with 30,050 credits; an event unlock costs 2,000.

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    $testEnvironment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox
    $jobEnvironment = @{ LENSMOR_API_KEY = $sandbox.ApiKey; LENSMOR_BASE_URL = $sandbox.Url; LENSMOR_JOURNAL_PATH = $testEnvironment.JournalPath }
    $import = "Import-Module $(ConvertTo-Literal $ModuleManifest) -ErrorAction Stop`n"

    function Invoke-Job([string] $Name, [string] $Script, [hashtable] $Environment = $jobEnvironment) {
        $result = Wait-ScheduledScript (Start-ScheduledScript -Name $Name -Script ($import + $Script) -Environment $Environment)
        ($result.StdOut + $result.StdErr) | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
        $result
    }

    function Get-Charges { @((Get-SandboxLedger $sandbox).charges) }
}

AfterAll {
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'Plan in one process, review and apply in others' {
    BeforeAll {
        $plan = Join-Path $TestDrive 'unlock.json'
        $literal = ConvertTo-Literal $plan
    }

    It 'the planning job spends nothing, asks nothing and writes a plan a reviewer can read without a key' {
        $planned = Invoke-Job 'plan' "Set-LensmorBudget -Credits 10000 -Period Day; Unlock-LensmorEvent -Id 139001, 139002, 139003 -PlanPath $literal | ForEach-Object { 'planned: {0} {1} {2}' -f `$_.TargetCount, `$_.TotalCredits, `$_.Status }"
        $review = Invoke-Job 'review' "Get-LensmorPlan $literal | ForEach-Object { '{0}|{1}|{2}|{3}' -f `$_.Cmdlet, `$_.TotalCredits, `$_.Validity, `$_.Status }; (Get-LensmorPlan $literal).Targets | Export-Csv (Join-Path (Split-Path $literal) 'targets.csv')" -Environment @{}

        $planned.ExitCode | Should -Be 0
        $planned.StdOut | Should -Match 'planned: 3 6000 NotApplied'
        Get-Charges | Should -BeNullOrEmpty
        @(Get-SandboxPaidRequests $sandbox).Count | Should -Be 0
        $review.StdOut.Trim() | Should -Be 'Unlock-LensmorEvent|6000|Valid|NotApplied'
        (Import-Csv (Join-Path $TestDrive 'targets.csv')).TargetId | Should -Be '139001', '139002', '139003'
        $file = Get-Content -LiteralPath $plan -Raw | ConvertFrom-Json
        $file.format | Should -Be 'lensmor-plan/1'
        $file.account | Should -Match '^sk_[0-9a-f]{8}$'
        $file.contentHash | Should -Match '^sha256:[0-9a-f]{64}$'
    }

    It 'the job applies it without a prompt, and a third process sees the budget spent and the plan applied' {
        $applied = Invoke-Job 'apply' "Invoke-LensmorPlan -Path $literal -Force | ForEach-Object { 'unlocked ' + `$_.EventId }"
        $again = Invoke-Job 'apply-again' "Invoke-LensmorPlan -Path $literal -Force | ForEach-Object { `$_.Outcome }"
        $check = Invoke-Job 'check' "(Get-LensmorBudget -Period Day).Spent; (Get-LensmorPlan $literal).Status"

        $applied.ExitCode | Should -Be 0
        ($applied.StdOut -split "`r?`n" | Where-Object { $_ }) | Should -Be 'unlocked 139001', 'unlocked 139002', 'unlocked 139003'
        ($again.StdOut -split "`r?`n" | Where-Object { $_ }) | Should -Be 'AlreadyUnlocked', 'AlreadyUnlocked', 'AlreadyUnlocked'
        @(Get-Charges).Count | Should -Be 3
        (Get-Charges | Measure-Object credits -Sum).Sum | Should -Be 6000
        ($check.StdOut -split "`r?`n" | Where-Object { $_ }) | Should -Be '6000', 'Applied'
    }

    It 'a job without -Force cannot be asked, so it spends nothing and says what to add' {
        $other = Join-Path $TestDrive 'other.json'
        $null = Invoke-Job 'plan-other' "Unlock-LensmorEvent -Id 139004 -PlanPath $(ConvertTo-Literal $other)"

        $asked = Invoke-Job 'apply-unasked' "Invoke-LensmorPlan $(ConvertTo-Literal $other)"

        $asked.StdErr | Should -Match 'LensmorConfirmationUnavailable|-Force'
        @(Get-Charges).Count | Should -Be 3
    }
}

Describe 'A plan that changed is refused whole, before any request' {
    BeforeAll {
        $original = Join-Path $TestDrive 'original.json'
        $null = Invoke-Job 'plan' "Unlock-LensmorEvent -Id 139010, 139011 -PlanPath $(ConvertTo-Literal $original)"
    }

    BeforeEach {
        $plan = Join-Path $TestDrive "p-$([guid]::NewGuid().ToString('N')).json"
        Copy-Item -LiteralPath $original -Destination $plan
        $chargesBefore = @(Get-Charges).Count
    }

    It '<Case>' -ForEach @(
        @{ Case = 'edited: the file no longer matches its hash'; ErrorId = 'LensmorPlanEdited'; Change = { param($j) $j['totalCredits'] = [Newtonsoft.Json.Linq.JValue]::new(1) }; Reseal = $false }
        @{ Case = 'expired'; ErrorId = 'LensmorPlanExpired'; Change = { param($j) $j['expiresAt'] = [Newtonsoft.Json.Linq.JValue]::new('2020-01-01T00:00:00Z') }; Reseal = $true }
        @{ Case = 'for another account'; ErrorId = 'LensmorPlanAccountMismatch'; Change = { param($j) $j['account'] = [Newtonsoft.Json.Linq.JValue]::new('sk_00000000') }; Reseal = $true }
        @{ Case = 'stale: a target now costs more than planned'; ErrorId = 'LensmorPlanStale'; Change = { param($j) $j['targets'][1]['expectedCredits'] = [Newtonsoft.Json.Linq.JValue]::new(1500) }; Reseal = $true }
    ) {
        Update-LensmorPlanFile $plan $Change -Reseal:$Reseal

        $refused = Invoke-Job 'apply' "try { Invoke-LensmorPlan $(ConvertTo-Literal $plan) -Force -MaxCredits 10000 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId.Split(',')[0]; `$_.Exception.Message }"

        ($refused.StdOut -split "`r?`n")[0] | Should -Be $ErrorId
        $refused.StdOut | Should -Match 'Nothing was sent and nothing was charged'
        @(Get-Charges).Count | Should -Be $chargesBefore
        if ($ErrorId -eq 'LensmorPlanStale') { $refused.StdOut | Should -Match "\(139011\): planned 1,500, now 2,000" }
    }
}

Describe 'Two jobs starting paid runs at the same moment against one budget' {
    It 'cannot overspend together: one is refused whole, and the ledger holds only what the budget allows' {
        $journal = Join-Path $TestDrive 'race.jsonl'
        $environment = $jobEnvironment.Clone()
        $environment.LENSMOR_JOURNAL_PATH = $journal
        $go = Join-Path $TestDrive 'go'
        $null = Invoke-Job 'budget' 'Set-LensmorBudget -Credits 5000 -Period Day' -Environment $environment
        $before = (Get-SandboxLedger $sandbox).totalBalance
        $wait = "while (-not (Test-Path $(ConvertTo-Literal $go))) { Start-Sleep -Milliseconds 10 }`n"
        $run = "try { `$null = Unlock-LensmorEvent -Id IDS -Force -ErrorAction Stop; 'spent' } catch { `$_.FullyQualifiedErrorId.Split(',')[0] }"

        $jobs = @(
            Start-ScheduledScript -Name 'race-a' -Script ($import + $wait + $run.Replace('IDS', '139020, 139021')) -Environment $environment
            Start-ScheduledScript -Name 'race-b' -Script ($import + $wait + $run.Replace('IDS', '139022, 139023')) -Environment $environment
        )
        Start-Sleep -Seconds 3   # both have imported the module and wait
        Set-Content -LiteralPath $go -Value 'go'
        $outcomes = $jobs | ForEach-Object { (Wait-ScheduledScript $_).StdOut.Trim() } | Sort-Object

        $outcomes | Should -Be 'LensmorBudgetExceeded', 'spent'
        $before - (Get-SandboxLedger $sandbox).totalBalance | Should -Be 4000
    }
}

Describe 'The help examples of Get-LensmorPlan and Invoke-LensmorPlan' {
    It 'run against the sandbox as written' {
        $folder = Join-Path $TestDrive 'examples'
        $null = New-Item -ItemType Directory -Path $folder
        $examples = foreach ($name in 'Get-LensmorPlan', 'Invoke-LensmorPlan') {
            Import-Module $ModuleManifest -Force
            (Get-Help $name -Examples).examples.example | ForEach-Object { $_.code }
        }
        $examples.Count | Should -BeGreaterOrEqual 6
        # The examples apply plans with -Force; the one that pipes plans to Invoke-LensmorPlan is answered by -Force too.
        $script = "Set-Location $(ConvertTo-Literal $folder)`n`$ErrorActionPreference = 'Stop'`n" + ($examples -join "`n") + "`n'examples: done'"

        $ran = Invoke-Job 'examples' $script -Environment @{ LENSMOR_API_KEY = $sandbox.ApiKey; LENSMOR_BASE_URL = $sandbox.Url; LENSMOR_JOURNAL_PATH = (Join-Path $TestDrive 'examples.jsonl') }

        $ran.StdErr | Should -BeNullOrEmpty
        $ran.StdOut | Should -Match 'examples: done'
        Test-Path (Join-Path $folder 'unlock-targets.csv') | Should -BeTrue
    }
}
