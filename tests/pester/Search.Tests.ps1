#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# User stories: finding the events a company exhibits at, paying only for pages that find something,
# and exporting the result to CSV without System.Object[].

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    Import-Module $ModuleManifest -Force -ErrorAction Stop
    $testEnvironment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url

    function Get-Total { (Get-LensmorBalance).TotalBalance }
}

AfterAll {
    Disconnect-Lensmor
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'Search-LensmorExhibitorEvents' {
    It '-WhatIf sends no search and charges nothing' {
        $before = Get-Total
        Search-LensmorExhibitorEvents -CompanyName 'Acme' -WhatIf | Should -BeNullOrEmpty
        Get-Total | Should -Be $before
        @(Invoke-SandboxControl -Sandbox $sandbox -Route requests | Where-Object { $_.path -eq '/external/exhibitors/search-events' }).Count | Should -Be 0
    }

    It 'finds events, charges 50 credits for the page, and reports a receipt on the information stream' {
        $before = Get-Total
        $rows = @(Search-LensmorExhibitorEvents -CompanyName 'Acme' -Force -InformationVariable info -WarningAction SilentlyContinue)

        $rows.Count | Should -BeGreaterThan 0
        $rows | ForEach-Object { $_ | Should -BeOfType ([Lensmor.ExhibitorEventMatch]) }
        $rows[0].EventId | Should -Match '^\d+$'
        $rows[0].MatchedExhibitorCount | Should -BeGreaterThan 0
        $rows[0].MatchedCompanyNames | Should -Match 'Acme'
        $rows[0].SearchedCompanyName | Should -Be 'Acme'
        Get-Total | Should -Be ($before - 50)

        $receipt = @($info | ForEach-Object MessageData | Where-Object { $_ -is [Lensmor.SpendReceipt] })
        $receipt.Count | Should -Be 1
        $receipt[0].ChargedCredits | Should -Be 50
        $receipt[0].BalanceBefore | Should -Be $before
        $receipt[0].BalanceAfter | Should -Be ($before - 50)
    }

    It 'exports to CSV with every property and without System.Object[]' {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) "lensmor-search-$([guid]::NewGuid()).csv"
        try {
            $rows = @(Search-LensmorExhibitorEvents -CompanyName 'Acme' -Force -WarningAction SilentlyContinue)
            $rows | Export-Csv -Path $path -NoTypeInformation
            $text = Get-Content -Raw $path
            $text | Should -Not -Match 'System\.Object\[\]'
            $text | Should -Not -Match 'System\.Collections'
            $text | Should -Not -Match '#TYPE'
            $imported = @(Import-Csv $path)
            $imported.Count | Should -Be $rows.Count
            $header = $imported[0].PSObject.Properties.Name
            foreach ($name in $rows[0].PSObject.Properties.Name) { $header | Should -Contain $name }
            $imported[0].EventId | Should -Be $rows[0].EventId
            $imported[0].MatchedCompanyNames | Should -Be $rows[0].MatchedCompanyNames
        }
        finally {
            Remove-Item $path -ErrorAction SilentlyContinue
        }
    }

    It 'charges nothing when nothing is found' {
        $before = Get-Total
        $rows = @(Search-LensmorExhibitorEvents -CompanyName 'Zzyzx Nonexistent Holdings 4711' -Force)
        $rows.Count | Should -Be 0
        Get-Total | Should -Be $before
    }

    It 'binds company names from objects by the property name CompanyName' {
        $before = Get-Total
        $rows = @([pscustomobject]@{ CompanyName = 'Acme' } | Search-LensmorExhibitorEvents -Force -WarningAction SilentlyContinue)
        $rows.Count | Should -BeGreaterThan 0
        $rows[0].SearchedCompanyName | Should -Be 'Acme'
        Get-Total | Should -Be ($before - 50)
    }

    It 'search results pipe into Unlock-LensmorEvent by EventId' {
        $rows = @(Search-LensmorExhibitorEvents -CompanyName 'Acme' -PageSize 2 -Force -WarningAction SilentlyContinue)
        $before = Get-Total
        $rows | Unlock-LensmorEvent -WhatIf | Should -BeNullOrEmpty
        Get-Total | Should -Be $before
    }

    It 'rejects a blank company name and an out-of-range page size with LensmorInvalidArgument' {
        $errors = $null
        Search-LensmorExhibitorEvents -CompanyName ' ' -Force -ErrorAction SilentlyContinue -ErrorVariable errors | Out-Null
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'LensmorInvalidArgument,*'
        $errors = $null
        Search-LensmorExhibitorEvents -CompanyName 'Acme' -PageSize 500 -Force -ErrorAction SilentlyContinue -ErrorVariable errors | Out-Null
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'LensmorInvalidArgument,*'
    }
}
