#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# User stories: connecting to the sandbox, reading the context and the balance, never showing the key.

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    Import-Module $ModuleManifest -Force -ErrorAction Stop
    $testEnvironment = Enter-LensmorTestEnvironment
    Disconnect-Lensmor
    $sandbox = Start-LensmorSandbox
}

AfterAll {
    Disconnect-Lensmor
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'Connecting to Lensmor' {
    It 'fails with LensmorNotConnected when there is neither a connection nor $env:LENSMOR_API_KEY' {
        $caught = $null
        try { Get-LensmorBalance } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'LensmorNotConnected,*'
        $caught.ErrorDetails.RecommendedAction | Should -Match 'Connect-Lensmor'
    }

    It 'Connect-Lensmor writes nothing without -PassThru' {
        $everything = Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url *>&1
        $everything | Should -BeNullOrEmpty
    }

    It 'Connect-Lensmor -PassThru describes the connection without the key' {
        $context = Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url -PassThru
        $context | Should -BeOfType ([Lensmor.ContextInfo])
        $context.Connected | Should -BeTrue
        ($context | ConvertTo-Json) | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
    }

    It 'Get-LensmorContext shows the endpoint and the key source, never the key' {
        $context = Get-LensmorContext
        $context.BaseUri | Should -Be "$($sandbox.Url)/"
        $context.KeySource | Should -Be 'Parameter'
        $context.KeyPrefix | Should -Be 'sk_'
        $context.Connected | Should -BeTrue
        $renderings = @(
            ($context | Out-String)
            ($context | Format-List * | Out-String)
            ($context | Format-Table * | Out-String -Width 300)
            ($context | ConvertTo-Json)
            ($context | ConvertTo-Csv -NoTypeInformation | Out-String)
        )
        foreach ($text in $renderings) {
            $text | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
            $text | Should -Not -Match 'sk_pester'
        }
    }

    It 'uses $env:LENSMOR_API_KEY and $env:LENSMOR_BASE_URL when not connected' {
        Disconnect-Lensmor
        try {
            $env:LENSMOR_API_KEY = $sandbox.ApiKey
            $env:LENSMOR_BASE_URL = $sandbox.Url
            $context = Get-LensmorContext
            $context.KeySource | Should -Be 'Environment (LENSMOR_API_KEY)'
            $context.Connected | Should -BeFalse
            (Get-LensmorBalance).TotalBalance | Should -Be $SandboxBalance
        }
        finally {
            Remove-Item Env:LENSMOR_API_KEY, Env:LENSMOR_BASE_URL -ErrorAction SilentlyContinue
            Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url
        }
    }

    It 'rejects a wrong key with LensmorUnauthorized' {
        Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey 'sk_wrong_key_000000') -BaseUri $sandbox.Url
        try {
            $caught = $null
            try { Get-LensmorBalance } catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'LensmorUnauthorized,*'
            $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
            ($caught | Out-String) | Should -Not -Match 'sk_wrong_key'
        }
        finally {
            Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url
        }
    }

    It 'refuses plain http to another host with LensmorInvalidArgument' {
        { Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri 'http://example.com' } |
            Should -Throw -ErrorId 'LensmorInvalidArgument,*'
        (Get-LensmorContext).BaseUri | Should -Be "$($sandbox.Url)/"
    }
}

Describe 'Reading the balance' {
    It 'Get-LensmorBalance returns the sandbox balance as a Lensmor.Balance' {
        $balance = Get-LensmorBalance
        $balance | Should -BeOfType ([Lensmor.Balance])
        $balance.TotalBalance | Should -Be $SandboxBalance
        $balance.SubscriptionBalance | Should -Be $SandboxBalance
        $balance.RetrievedAt.Value.Offset | Should -Be ([TimeSpan]::Zero)
        $balance.RetrievedAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(-5))
        $balance.RetrievedAt | Should -BeLessOrEqual (Get-Date)
        "$($balance.RetrievedAt)" | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        $names = $balance.PSObject.Properties.Name
        foreach ($field in 'TotalBalance', 'TotalAmount', 'SubscriptionBalance', 'SubscriptionAmount', 'AddonBalance', 'AddonAmount', 'AddonExpireAt', 'GiftBalance', 'GiftAmount', 'ResetAt', 'RetrievedAt') {
            $names | Should -Contain $field
        }
    }

    It 'shows a table that fits 80 columns and exports every property to CSV' {
        $balance = Get-LensmorBalance
        $table = $balance | Out-String -Width 80
        $table | Should -Match 'TotalBalance'
        $table | Should -Match '30\D?050'   # thousands separator of the current culture
        foreach ($line in $table -split "`r?`n") { $line.Length | Should -BeLessOrEqual 80 }
        $csv = $balance | ConvertTo-Csv -NoTypeInformation
        ($csv[0] -split ',').Count | Should -Be $balance.PSObject.Properties.Name.Count
    }

    It '-Debug traces each HTTP exchange with the key redacted' {
        $DebugPreference = 'Continue'
        $records = Get-LensmorBalance 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $DebugPreference = 'SilentlyContinue'
        $text = ($records | ForEach-Object Message) -join "`n"
        $text | Should -Match 'HTTP GET'
        $text | Should -Match 'Bearer \*\*\*'
        $text | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
    }

    It 'reports a retried server error in -Verbose and then succeeds' {
        Invoke-SandboxControl -Sandbox $sandbox -Method POST -Route faults -Body @{
            method = 'GET'; pathPattern = '^/external/credits/balance$'; kind = 'StatusBeforeExecute'; statusCode = 503; times = 1
        } | Out-Null
        try {
            $verbose = Get-LensmorBalance -Verbose 4>&1
            $balance = $verbose | Where-Object { $_ -is [Lensmor.Balance] }
            $messages = ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
            $balance.TotalBalance | Should -Be $SandboxBalance
            $messages | Should -Match 'retry 1 of'
        }
        finally {
            Invoke-SandboxControl -Sandbox $sandbox -Method DELETE -Route faults | Out-Null
        }
    }
}
