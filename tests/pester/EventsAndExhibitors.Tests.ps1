#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# User stories for the event and exhibitor cmdlets, against a sandbox started on a free loopback port by the
# shared helper; the intent journal is a temporary file, so the user's real spend log is never touched.
# Needs a build first: dotnet build LensmorPS.sln (it assembles out/Lensmor and the sandbox dll).

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    Import-Module $ModuleManifest -Force -ErrorAction Stop
    $testEnvironment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url

    function Get-Ledger { Get-SandboxLedger $sandbox }
    function Get-SandboxRequests { @(Invoke-SandboxControl -Sandbox $sandbox -Route requests) }
    function Clear-SandboxRequests { $null = Invoke-SandboxControl -Sandbox $sandbox -Method DELETE -Route requests }
    function Get-EventWithVisitors([bool] $HasVisitors, [int] $Index = 0) {
        @(Get-LensmorEvent -PageSize 100 -First 100 | Where-Object HasVisitors -eq $HasVisitors)[$Index].EventId
    }
}

AfterAll {
    Disconnect-Lensmor
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'The module exports the event and exhibitor cmdlets' {
    It 'exports <_>' -ForEach @(
        'Get-LensmorEventBrief', 'Get-LensmorEventFitScore', 'Get-LensmorEventRank', 'Get-LensmorExhibitor', 'Find-LensmorExhibitor',
        'Search-LensmorExhibitor', 'Get-LensmorExhibitorEvent', 'Test-LensmorAction', 'Get-LensmorRecommendedEvent', 'Get-LensmorRecommendedExhibitor'
    ) {
        Get-Command -Module Lensmor -Name $_ | Should -Not -BeNullOrEmpty
        (Get-Help $_ -Full).Examples.Example.Count | Should -BeGreaterOrEqual 2
    }

    It 'has a table view for <_>' -ForEach @('Lensmor.EventBrief', 'Lensmor.EventFitScore', 'Lensmor.Exhibitor', 'Lensmor.RecommendedEvent', 'Lensmor.RecommendedExhibitor', 'Lensmor.ActionCheck') {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }
}

Describe 'Event briefs, fit scores and ranks' {
    It 'summarises an event' {
        $brief = Get-LensmorEventBrief -EventId 139001
        $brief | Should -BeOfType ([Lensmor.EventBrief])
        $brief.Name | Should -Be 'CES 2027'
        $brief.TopCategories | Should -Not -BeNullOrEmpty
    }

    It 'takes events from the pipeline by their EventId' {
        $briefs = Get-LensmorEvent -Id 139001, 139002 | Get-LensmorEventBrief
        $briefs.EventId | Should -Be @('139001', '139002')
    }

    It 'scores an event from 0 to 10 with a flat breakdown' {
        $fit = Get-LensmorEventFitScore 139001
        $fit.Score | Should -BeGreaterOrEqual 0
        $fit.Score | Should -BeLessOrEqual 10
        $fit.Recommendation | Should -BeIn @('recommended', 'consider', 'not_recommended')
        $fit.ProfileMatch | Should -Not -BeNullOrEmpty
    }

    It 'ranks a piped shortlist in one request' {
        Clear-SandboxRequests
        $rows = '139001', '139002', '139003', '139002' | Get-LensmorEventRank
        $rows.Count | Should -Be 3
        # Not $rows.Rank: an array has a Rank of its own (its number of dimensions, 1), which hides member enumeration.
        $rows.ForEach('Rank') | Should -Be @(1, 2, 3)
        @(Get-SandboxRequests | Where-Object path -eq '/external/events/rank').Count | Should -Be 1
    }

    It 'refuses a blank id before any request' {
        Clear-SandboxRequests
        { Get-LensmorEventBrief -EventId ' ' -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument,*'
        @(Get-SandboxRequests).Count | Should -Be 0
    }
}

Describe 'Exhibitors' {
    It 'lists a locked event as a preview with one warning' {
        $rows = Get-LensmorExhibitor -EventId 139001 -WarningVariable warnings -WarningAction SilentlyContinue
        $rows.Count | Should -Be 50
        $rows[0] | Should -BeOfType ([Lensmor.Exhibitor])
        $warnings.Count | Should -Be 1
        "$warnings" | Should -Match 'Unlock-LensmorEvent -Id 139001'
    }

    It 'reports a page past the preview window as locked' {
        $rows = Get-LensmorExhibitor -EventId 139001 -PageSize 20 -Skip 60 -WarningVariable warnings -WarningAction SilentlyContinue
        $rows | Should -BeNullOrEmpty
        "$warnings" | Should -Match 'locked, not empty'
    }

    It 'reads a profile by id and its events by pipeline' {
        $exhibitor = Get-LensmorExhibitor -Id 500001
        $exhibitor.ExhibitorId | Should -Be '500001'
        $events = $exhibitor | Get-LensmorExhibitorEvent
        $events.EventId | Should -Contain $exhibitor.EventId
    }

    It 'finds exhibitors from a target audience, paged in the body' {
        $rows = Find-LensmorExhibitor -TargetAudience 'retail operations leaders' -First 25
        $rows.Count | Should -Be 25
        @($rows.ExhibitorId | Sort-Object -Unique).Count | Should -Be 25
    }

    It 'refuses a search with neither a URL nor an audience' {
        { Find-LensmorExhibitor -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument,*'
    }

    It 'sends no paid request for a company-name search under -WhatIf' {
        $before = @((Get-Ledger).charges).Count
        Search-LensmorExhibitor -CompanyName 'Acme' -WhatIf | Should -BeNullOrEmpty
        @((Get-Ledger).charges).Count | Should -Be $before
    }

    It 'charges 50 for a company-name search that finds something and writes a receipt' {
        $before = (Get-Ledger).totalBalance
        $rows = Search-LensmorExhibitor -CompanyName 'Acme' -Force -InformationVariable info -WarningAction SilentlyContinue
        $rows | Should -Not -BeNullOrEmpty
        (Get-Ledger).totalBalance | Should -Be ($before - 50)
        ($info.MessageData | Where-Object { $_ -is [Lensmor.SpendReceipt] }).ChargedCredits | Should -Be 50
    }

    It 'records the company-name search in the spend log as a Charged row of 50 credits' {
        $rows = @(Get-LensmorSpendLog -Cmdlet 'Search-LensmorExhibitor' -Outcome Charged)
        $rows.Count | Should -Be 1
        $rows[0].ChargedCredits | Should -Be 50
        $rows[0].Target | Should -Be 'Acme'
    }

    It 'refuses -MaxCredits below the price without charging' {
        $before = @((Get-Ledger).charges).Count
        { Search-LensmorExhibitor -CompanyName 'Acme' -Force -MaxCredits 10 -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorMaxCreditsExceeded,*'
        @((Get-Ledger).charges).Count | Should -Be $before
    }
}

Describe 'Prechecks' {
    It 'checks an event unlock without charging or prompting' {
        $before = @((Get-Ledger).charges).Count
        $check = Test-LensmorAction -ActionType unlock_event_contacts -EventId 139001
        $check | Should -BeOfType ([Lensmor.ActionCheck])
        $check.Credits | Should -Be 2000
        $check.Allowed | Should -BeTrue
        $check.Detail | Should -Match '^\{'
        @((Get-Ledger).charges).Count | Should -Be $before
    }

    It 'passes -Parameters through' {
        (Test-LensmorAction search_exhibitor_events @{ company_name = 'Acme' }).ReasonCode | Should -Be 'ok'
    }
}

Describe 'Recommendations' {
    It 'recommends events for a company website' {
        $ProgressPreference = 'SilentlyContinue'
        $rows = Get-LensmorRecommendedEvent -CompanyUrl 'https://acme.example' -First 5
        $rows.Count | Should -Be 5
        $rows | ForEach-Object { $_.MatchScore | Should -BeLessOrEqual 1 }
    }

    It 'refuses a recommendation without a profile' {
        { Get-LensmorRecommendedEvent -Country 'Germany' -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument,*'
    }

    It 'lists recommended exhibitors of a piped event' {
        $rows = Get-LensmorEvent -Id 139001 | Get-LensmorRecommendedExhibitor -First 10
        $rows.Count | Should -Be 10
        $rows[0] | Should -BeOfType ([Lensmor.RecommendedExhibitor])
        ($rows | Where-Object EventId -ne '139001') | Should -BeNullOrEmpty
    }
}

Describe 'Visitor and full-access unlocks' {
    It 'reports a visitor unlock without base access as a conflict and charges nothing' {
        $id = Get-EventWithVisitors $true 0
        $before = @((Get-Ledger).charges).Count
        { Unlock-LensmorEvent -Id $id -Scope Visitors -Force -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorConflict,*'
        @((Get-Ledger).charges).Count | Should -Be $before
    }

    It 'charges only the missing visitor layer for full access after a base unlock' {
        $id = Get-EventWithVisitors $true 1
        $null = Unlock-LensmorEvent -Id $id -Force
        $receipt = Unlock-LensmorEvent -Id $id -Scope Full -Force
        $receipt.ChargedCredits | Should -Be 3000
        (Get-Ledger).charges[-1].credits | Should -Be 3000
    }
}
