#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# User stories: paid event unlocks that never spend a credit the user did not mean to spend.
# Event 139001 is 'CES 2027' in the sandbox, locked at start; the sandbox starts with 30,050 credits.

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    Import-Module $ModuleManifest -Force -ErrorAction Stop
    $testEnvironment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url

    function Get-Total { (Get-LensmorBalance).TotalBalance }
    function Get-UnlockRequests {
        @(Invoke-SandboxControl -Sandbox $sandbox -Route requests) |
            Where-Object { $_.method -eq 'POST' -and $_.path -match '^/external/events/[^/]+/(unlock|visitors/unlock|full-access/unlock)$' }
    }
    function Get-Charges { @((Get-SandboxLedger $sandbox).charges) }
}

AfterAll {
    Disconnect-Lensmor
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'Unlock-LensmorEvent' {
    It '-WhatIf changes nothing: same balance, no charge, no paid request' {
        $before = Get-Total
        $chargesBefore = (Get-Charges).Count
        $unlocksBefore = @(Get-UnlockRequests).Count

        $output = Unlock-LensmorEvent -Id 139001 -WhatIf

        $output | Should -BeNullOrEmpty
        Get-Total | Should -Be $before
        (Get-Charges).Count | Should -Be $chargesBefore
        @(Get-UnlockRequests).Count | Should -Be $unlocksBefore
    }

    It '-WhatIf wins over -Force: nothing is sent' {
        $before = Get-Total
        $unlocksBefore = @(Get-UnlockRequests).Count
        Unlock-LensmorEvent -Id 139001 -WhatIf -Force | Should -BeNullOrEmpty
        Get-Total | Should -Be $before
        @(Get-UnlockRequests).Count | Should -Be $unlocksBefore
    }

    It '$WhatIfPreference wins over -Force too: nothing is sent' {
        $unlocksBefore = @(Get-UnlockRequests).Count
        $before = Get-Total

        & {
            $WhatIfPreference = $true
            Unlock-LensmorEvent -Id 139001 -Force | Should -BeNullOrEmpty
        }

        Get-Total | Should -Be $before
        @(Get-UnlockRequests).Count | Should -Be $unlocksBefore
    }

    It '-WhatIf prints each cost and the total the run would spend' {
        # What if: lines and the total go to the host, so run them in a child shell and read what it printed.
        $script = "Import-Module '$($ModuleManifest -replace "'", "''")' -ErrorAction Stop; Unlock-LensmorEvent -Id 139001, 139002 -WhatIf"
        $result = Invoke-InChildShell -Script $script -Environment @{ LENSMOR_API_KEY = $sandbox.ApiKey; LENSMOR_BASE_URL = $sandbox.Url; LENSMOR_JOURNAL_PATH = $testEnvironment.JournalPath }
        $result.Text | Should -Match "What if: .*139001"
        $result.Text | Should -Match '2\D?000 credits'
        $result.Text | Should -Match 'in total this run would spend 4\D?000 credits to unlock 2 events'
        $result.Text | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
        Get-Total | Should -Be $SandboxBalance
    }

    It '-Force unlocks CES 2027 and charges 2,000 credits once' {
        $before = Get-Total
        $receipt = Unlock-LensmorEvent -Id 139001 -Force

        @($receipt).Count | Should -Be 1
        $receipt | Should -BeOfType ([Lensmor.EventUnlockReceipt])
        $receipt.EventId | Should -Be '139001'
        $receipt.EventName | Should -Be 'CES 2027'
        $receipt.Outcome | Should -Be 'Unlocked'
        $receipt.Scope | Should -Be 'Contacts'
        $receipt.ExpectedCredits | Should -Be 2000
        $receipt.ChargedCredits | Should -Be 2000
        $receipt.BalanceBefore | Should -Be $before
        $receipt.BalanceAfter | Should -Be ($before - 2000)
        $receipt.TraceId | Should -Not -BeNullOrEmpty
        Get-Total | Should -Be ($before - 2000)
        @(Get-Charges | Where-Object { $_.target -like '139001*' }).Count | Should -Be 1
    }

    It 'a second run returns AlreadyUnlocked, charges nothing and sends no paid request' {
        $before = Get-Total
        $unlocksBefore = @(Get-UnlockRequests).Count
        $receipt = Unlock-LensmorEvent -Id 139001 -Force
        $receipt.Outcome | Should -Be 'AlreadyUnlocked'
        $receipt.ChargedCredits | Should -Be 0
        Get-Total | Should -Be $before
        @(Get-UnlockRequests).Count | Should -Be $unlocksBefore
    }

    It 'binds objects by the property name EventId' {
        $receipt = [pscustomobject]@{ EventId = '139001' } | Unlock-LensmorEvent -Force
        $receipt.EventId | Should -Be '139001'
        $receipt.Outcome | Should -Be 'AlreadyUnlocked'
    }

    It 'binds strings from the pipeline, one receipt per event however often it is listed' {
        $receipts = '139001', '139001' | Unlock-LensmorEvent -Force
        @($receipts).Count | Should -Be 1
        $receipts.EventId | Should -Be '139001'
        $receipts.Outcome | Should -Be 'AlreadyUnlocked'
    }

    It 'receipts export to CSV as plain values' {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) "lensmor-receipts-$([guid]::NewGuid()).csv"
        try {
            Unlock-LensmorEvent -Id 139001 -Force | Export-Csv -Path $path -NoTypeInformation
            $text = Get-Content -Raw $path
            $text | Should -Not -Match 'System\.Object\[\]'
            $text | Should -Match 'AlreadyUnlocked'
            $rows = @(Import-Csv $path)
            $rows.Count | Should -Be 1
            $rows[0].EventId | Should -Be '139001'
        }
        finally {
            Remove-Item $path -ErrorAction SilentlyContinue
        }
    }

    It 'rejects a blank id with LensmorInvalidArgument before any request' {
        $requestsBefore = @(Invoke-SandboxControl -Sandbox $sandbox -Route requests).Count
        $errors = $null
        Unlock-LensmorEvent -Id ' ' -Force -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'LensmorInvalidArgument,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Invoke-SandboxControl -Sandbox $sandbox -Route requests).Count | Should -Be $requestsBefore
    }

    It 'HTTP 402 is LensmorPaymentRequired, catchable with try/catch, and nothing is charged' {
        Invoke-SandboxControl -Sandbox $sandbox -Method POST -Route faults -Body @{
            method = 'POST'; pathPattern = '^/external/events/139002/unlock$'; kind = 'StatusBeforeExecute'; statusCode = 402; times = 1
        } | Out-Null
        try {
            $before = Get-Total
            $caught = $null
            try {
                Unlock-LensmorEvent -Id 139002 -Force
            }
            catch {
                $caught = $_
            }
            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'LensmorPaymentRequired,*'
            $caught.CategoryInfo.Category | Should -Be 'QuotaExceeded'
            $caught.TargetObject | Should -Be '139002'
            $caught.ErrorDetails.RecommendedAction | Should -Match 'Get-LensmorBalance'
            $caught.Exception.ErrorId | Should -Be 'LensmorPaymentRequired'
            Get-Total | Should -Be $before
            @(Get-UnlockRequests | Where-Object { $_.path -like '*139002*' }).Count | Should -Be 1   # sent once, never retried
        }
        finally {
            Invoke-SandboxControl -Sandbox $sandbox -Method DELETE -Route faults | Out-Null
        }
    }

    It 'the spend log shows the charge and the refused and failed attempts' {
        $log = @(Get-LensmorSpendLog)
        $log | ForEach-Object { $_ | Should -BeOfType ([Lensmor.SpendRecord]) }
        $charged = @($log | Where-Object { $_.Outcome -eq 'Charged' -and $_.Target -eq '139001' })
        $charged.Count | Should -Be 1
        $charged[0].ChargedCredits | Should -Be 2000
        $charged[0].Cmdlet | Should -Be 'Unlock-LensmorEvent'
        @(Get-LensmorSpendLog -Outcome Failed | Where-Object Target -eq '139002').Count | Should -Be 1
        @(Get-LensmorSpendLog -Cmdlet 'Unlock-*').Count | Should -Be $log.Where({ $_.Cmdlet -eq 'Unlock-LensmorEvent' }).Count
        $csv = $log | ConvertTo-Csv -NoTypeInformation | Out-String
        $csv | Should -Not -Match 'System\.Object\[\]'
        $csv | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
    }

    It '-MaxCredits refuses a run that would cost more, before any prompt or paid request' {
        $before = Get-Total
        $unlocksBefore = @(Get-UnlockRequests).Count
        { '139004', '139005' | Unlock-LensmorEvent -MaxCredits 3000 -Force } | Should -Throw -ErrorId 'LensmorMaxCreditsExceeded,*'
        # The run would cost 4,000 credits in all, so it is refused whole: neither event is sent or charged.
        @(Get-UnlockRequests).Count | Should -Be $unlocksBefore
        Get-Total | Should -Be $before
    }

    It 'Connect-Lensmor -SpendLimit caps the session' {
        Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url -SpendLimit 1000
        try {
            $before = Get-Total
            # What this account spent earlier in the session carries over into the new limit (by design).
            $spent = (Get-LensmorContext).SpentThisSession
            { Unlock-LensmorEvent -Id 139006 -Force } | Should -Throw -ErrorId 'LensmorSpendLimitExceeded,*'
            Get-Total | Should -Be $before
            $context = Get-LensmorContext
            $context.SpendLimit | Should -Be 1000
            $context.SpentThisSession | Should -Be $spent
            $context.SpendLimitRemaining | Should -Be ([Math]::Max(0, 1000 - $spent))
        }
        finally {
            Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url
        }
    }

    It 'a cost above the balance is LensmorInsufficientCredits and no paid request is sent' {
        $balance = Get-Total
        Invoke-SandboxControl -Sandbox $sandbox -Method POST -Route balance -Body @{ subscription = 100; gift = 0; addon = 0 } | Out-Null
        try {
            $unlocksBefore = @(Get-UnlockRequests).Count
            { Unlock-LensmorEvent -Id 139003 -Force } | Should -Throw -ErrorId 'LensmorInsufficientCredits,*'
            @(Get-UnlockRequests).Count | Should -Be $unlocksBefore
            Get-Total | Should -Be 100
        }
        finally {
            Invoke-SandboxControl -Sandbox $sandbox -Method POST -Route balance -Body @{ subscription = $balance; gift = 0; addon = 0 } | Out-Null
        }
    }
}
