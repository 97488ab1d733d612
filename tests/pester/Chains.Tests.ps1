#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The chains a user builds from the module's cmdlets (issue 16.3), one story each, against a sandbox started for
# this file. Each row of the table is a pipeline as a user types it and what it must give.
#
#   chain                                      what must happen
#   list -> profile by id (personnel)          the two people piped, not their whole event
#   list -> profile by id (exhibitors)         the two exhibitors piped, not their whole event
#   events -> list with -First                 -First counts per piped event (like Get-Content -First per file);
#                                              Select-Object -First counts the run, and stops the reads
#   contact search -> unlock                   without an event: one error that says how to choose one; with
#                                              -EventId: the unlock goes ahead
#   -NoWait -> wait, mixed outputs             one result per contact, already unlocked ones included, one table
#   events -> personnel -> unlock -> CSV       -WhatIf sends nothing; -Force writes results that export as values

BeforeDiscovery {
    $chains = @(
        @{
            Name  = 'list -> profile by id (personnel)'
            Run   = { Get-LensmorPersonnel -EventId 139001 -First 2 -WarningAction SilentlyContinue | Get-LensmorPersonnel }
            Check = {
                param($rows)
                $listed = Get-LensmorPersonnel -EventId 139001 -First 2 -WarningAction SilentlyContinue
                $rows | Should -HaveCount 2
                $rows.PersonnelId | Should -Be $listed.PersonnelId
                $rows[0].Name | Should -Be $listed[0].Name
            }
        }
        @{
            Name  = 'list -> profile by id (exhibitors)'
            Run   = { Get-LensmorExhibitor -EventId 139001 -First 2 -WarningAction SilentlyContinue | Get-LensmorExhibitor }
            Check = {
                param($rows)
                $listed = Get-LensmorExhibitor -EventId 139001 -First 2 -WarningAction SilentlyContinue
                $rows | Should -HaveCount 2
                $rows.ExhibitorId | Should -Be $listed.ExhibitorId
            }
        }
        @{
            Name  = 'events -> list, -First per event and Select-Object -First per run'
            Run   = { Get-LensmorEvent -First 3 | Get-LensmorPersonnel -First 2 -WarningAction SilentlyContinue }
            Check = {
                param($rows)
                $rows | Should -HaveCount 6
                @($rows | Group-Object EventId | ForEach-Object Count) | Should -Be @(2, 2, 2)
                @(Get-LensmorEvent -First 3 | Get-LensmorPersonnel -WarningAction SilentlyContinue | Select-Object -First 2) | Should -HaveCount 2
            }
        }
        @{
            Name  = 'contact search -> unlock'
            Run   = {
                $contacts = Find-LensmorContact -CompanyName acme -First 3
                $contacts | Unlock-LensmorContactEmail -WhatIf -ErrorVariable refused -ErrorAction SilentlyContinue
                $event = $contacts[0] | Get-LensmorPersonnelEvent | Select-Object -First 1
                $contacts[0] | Unlock-LensmorContactEmail -EventId $event.EventId -Force -WarningAction SilentlyContinue
                [pscustomobject]@{ Refused = $refused; EventId = $event.EventId }
            }
            Check = {
                param($rows)
                $summary = $rows[-1]
                $summary.Refused | Should -HaveCount 2   # the first error in full, then one for the two other contacts
                $summary.Refused[0].FullyQualifiedErrorId | Should -BeLike 'LensmorInvalidArgument,*'
                $summary.Refused[0].ErrorDetails.RecommendedAction | Should -Match 'Get-LensmorPersonnelEvent -PersonnelId \d+'
                $summary.Refused[0].ErrorDetails.RecommendedAction | Should -Match 'Unlock-LensmorContactEmail -EventId'
                @($summary.Refused[1].TargetObject) | Should -HaveCount 2
                $result = $rows[0]
                $result.PSObject.TypeNames[0] | Should -Be 'Lensmor.ContactUnlockResult'
                $result.EventId | Should -Be $summary.EventId
                $result.Status | Should -BeIn 'Unlocked', 'Failed'
            }
        }
        @{
            Name  = '-NoWait -> wait, with results and tasks mixed'
            Run   = {
                Get-LensmorPersonnel -EventId 139185 -First 2 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -Force -WarningAction SilentlyContinue | Out-Null
                $mixed = Get-LensmorPersonnel -EventId 139185 -First 5 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -NoWait -Force -WarningAction SilentlyContinue
                $table = $mixed | Out-String -Width 80
                $final = $mixed | Wait-LensmorContactUnlockTask -TimeoutSec 60 -WarningAction SilentlyContinue
                [pscustomobject]@{ Mixed = $mixed; Table = $table; Final = $final }
            }
            Check = {
                param($rows)
                $run = $rows[0]
                @($run.Mixed | ForEach-Object { $_.GetType().Name } | Sort-Object -Unique) | Should -Be @('ContactUnlockResult', 'ContactUnlockTask')
                ([regex]::Matches($run.Table, '(?m)^PersonnelId\s+Status')).Count | Should -Be 1 -Because 'a mixed run is one table, not a table and a list'
                $run.Final | Should -HaveCount 5
                $run.Final | ForEach-Object { $_ | Should -BeOfType ([Lensmor.ContactUnlockResult]) }
                @($run.Final | Where-Object Status -eq 'AlreadyUnlocked') | Should -HaveCount 2
            }
        }
        @{
            Name  = 'events -> personnel -> unlock -> Export-Csv'
            Run   = {
                $paidBefore = @(Get-SandboxPaidRequests $sandbox).Count
                Get-LensmorEvent -First 2 | Get-LensmorPersonnel -First 2 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -WhatIf
                $paidAfterWhatIf = @(Get-SandboxPaidRequests $sandbox).Count
                $file = Join-Path ([System.IO.Path]::GetTempPath()) "lensmor-chain-$([guid]::NewGuid().ToString('N')).csv"
                Get-LensmorEvent -First 2 | Get-LensmorPersonnel -First 2 -WarningAction SilentlyContinue |
                    Unlock-LensmorContactEmail -Force -WarningAction SilentlyContinue | Export-Csv -Path $file
                [pscustomobject]@{ WhatIfPaid = $paidAfterWhatIf - $paidBefore; Csv = @(Import-Csv $file); Text = Get-Content -Raw $file }
                Remove-Item $file
            }
            Check = {
                param($rows)
                $run = $rows[-1]
                $run.WhatIfPaid | Should -Be 0
                $run.Csv | Should -HaveCount 4
                @($run.Csv.EventId | Sort-Object -Unique) | Should -Be @('139001', '139002')
                $run.Text | Should -Not -Match 'System\.'
                $run.Csv | ForEach-Object { $_.Status | Should -BeIn 'Unlocked', 'Failed', 'AlreadyUnlocked' }
            }
        }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    $session = Connect-LensmorTestSandbox
    $sandbox = $session.Sandbox
}

AfterAll { Disconnect-LensmorTestSandbox $session }

Describe 'Chains that bind' {
    It '<Name>' -ForEach $chains {
        $rows = @(& $Run)
        & $Check $rows
    }
}

Describe 'What -First means with piped events' {
    It '<_> says in its help that -First counts each piped event, and how to cap the run' -ForEach 'Get-LensmorPersonnel', 'Get-LensmorExhibitor' {
        $text = (Get-Help $_ -Parameter First | Out-String) -replace '\s+', ' '
        $text | Should -Match 'each event'
        $text | Should -Match 'Select-Object -First'
    }
}
