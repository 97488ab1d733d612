#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# User stories for the personnel and contact cmdlets, against a sandbox started for this file by the shared
# helper; the intent journal is a temporary file, so the user's real spend log is never touched.
# Needs a build first: dotnet build LensmorPS.sln (it assembles out/Lensmor and the sandbox dll).

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    Import-Module $ModuleManifest -Force -ErrorAction Stop
    $testEnvironment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url

    function Get-Charges { @((Get-SandboxLedger $sandbox).charges) }
    function Get-PaidRequests { @(Get-SandboxPaidRequests $sandbox) }
}

AfterAll {
    Disconnect-Lensmor
    Stop-LensmorSandbox $sandbox
    Exit-LensmorTestEnvironment $testEnvironment
}

Describe 'Get-LensmorPersonnel' {
    It 'lists the people of an event with their EventId, and warns once about the preview' {
        $people = Get-LensmorPersonnel -EventId 139001 -First 5 -WarningVariable warnings -WarningAction SilentlyContinue
        $people | Should -HaveCount 5
        $people[0].PSObject.TypeNames[0] | Should -Be 'Lensmor.Personnel'
        $people | ForEach-Object { $_.EventId | Should -Be '139001' }
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match 'Unlock-LensmorEvent -Id 139001'
    }

    It 'takes event rows by property name (EventId), as Get-LensmorEvent writes them' {
        $people = [pscustomobject]@{ EventId = '139002'; Name = 'an event row' } | Get-LensmorPersonnel -First 2 -WarningAction SilentlyContinue
        $people | Should -HaveCount 2
        $people | ForEach-Object { $_.EventId | Should -Be '139002' }
    }

    It 'refuses -PageSize 51 before any request' {
        { Get-LensmorPersonnel -EventId 139001 -PageSize 51 -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument,*'
    }

    It 'reads one person by id' {
        $first = Get-LensmorPersonnel -EventId 139003 -First 1 -WarningAction SilentlyContinue
        $person = Get-LensmorPersonnel -Id $first.PersonnelId
        $person.PersonnelId | Should -Be $first.PersonnelId
        $person.Name | Should -Be $first.Name
    }

    It 'resolves a LinkedIn URL' {
        $first = Get-LensmorPersonnel -EventId 139003 -First 1 -WarningAction SilentlyContinue
        (Get-LensmorPersonnel -LinkedInUrl $first.LinkedInUrl).PersonnelId | Should -Be $first.PersonnelId
    }

    It 'has a table view' {
        Get-FormatData -TypeName Lensmor.Personnel | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-LensmorPersonnelEvent and Find-LensmorContact' {
    It 'lists the events of piped people' {
        $events = Get-LensmorPersonnel -EventId 139004 -First 1 -WarningAction SilentlyContinue | Get-LensmorPersonnelEvent
        $events | Should -HaveCount 1
        $events[0].EventId | Should -Be '139004'
        $events[0].PSObject.TypeNames[0] | Should -Be 'Lensmor.Event'
    }

    It 'finds contacts by company name and stops at -First' {
        $contacts = Find-LensmorContact -CompanyName acme -First 3
        $contacts | Should -HaveCount 3
        $contacts | ForEach-Object { $_.CompanyName | Should -Match 'acme' }
    }

    It 'refuses an empty company name' {
        { Find-LensmorContact -CompanyName ' ' -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument,*'
    }
}

Describe 'Unlock-LensmorContactEmail' {
    It 'sends nothing under -WhatIf' {
        $paidBefore = (Get-PaidRequests).Count
        Get-LensmorPersonnel -EventId 139005 -First 3 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -WhatIf
        (Get-PaidRequests).Count | Should -Be $paidBefore
    }

    It 'unlocks piped people once, 15 credits each, and reports every contact' {
        $people = Get-LensmorPersonnel -EventId 139006 -First 4 -WarningAction SilentlyContinue
        $chargesBefore = (Get-Charges).Count
        $results = $people | Unlock-LensmorContactEmail -Force -WarningAction SilentlyContinue
        $results | Should -HaveCount 4
        $results[0].PSObject.TypeNames[0] | Should -Be 'Lensmor.ContactUnlockResult'
        $charges = @(Get-Charges | Select-Object -Skip $chargesBefore)
        $charges | Should -HaveCount 4
        $charges | ForEach-Object { $_.credits | Should -Be 15 }
        $results | Where-Object Delivered | ForEach-Object { $_.Email | Should -Not -BeNullOrEmpty }
    }

    It 'records the paid unlock in the spend log as a Charged row' {
        $rows = @(Get-LensmorSpendLog -Cmdlet 'Unlock-LensmorContactEmail' -Outcome Charged)
        $rows.Count | Should -BeGreaterOrEqual 1
        $rows[-1].ChargedCredits | Should -Be 60
        $rows[-1].Target | Should -Match '139006'
    }

    It 'reports contacts that are already unlocked without charging them again' {
        $people = Get-LensmorPersonnel -EventId 139006 -First 4 -WarningAction SilentlyContinue | Where-Object Email
        $chargesBefore = (Get-Charges).Count
        $results = $people | Unlock-LensmorContactEmail -Force
        (Get-Charges).Count | Should -Be $chargesBefore
        $results | ForEach-Object { $_.Status | Should -Be 'AlreadyUnlocked' }
    }

    It 'returns tasks with -NoWait that Wait-LensmorContactUnlockTask resumes' {
        $tasks = Get-LensmorPersonnel -EventId 139007 -First 3 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -NoWait -Force -WarningAction SilentlyContinue
        $tasks | Should -HaveCount 1
        $tasks[0].PSObject.TypeNames[0] | Should -Be 'Lensmor.ContactUnlockTask'
        $results = $tasks | Wait-LensmorContactUnlockTask -TimeoutSec 60 -WarningAction SilentlyContinue
        $results | Should -HaveCount 3
        $results | ForEach-Object { $_.Status | Should -BeIn @('Unlocked', 'Failed') }
        (Get-LensmorContactUnlockTask -TaskId $tasks[0].TaskId -WarningAction SilentlyContinue) | Should -HaveCount 3
    }

    It 'refuses a run above -MaxCredits before sending anything' {
        $paidBefore = (Get-PaidRequests).Count
        { Get-LensmorPersonnel -EventId 139008 -First 3 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -Force -MaxCredits 10 -ErrorAction Stop } |
            Should -Throw -ErrorId 'LensmorMaxCreditsExceeded,*'
        (Get-PaidRequests).Count | Should -Be $paidBefore
    }
}

Describe 'Unlock-LensmorContactPhone' {
    It 'charges 150 per chargeable contact and fills Phone' {
        $chargesBefore = (Get-Charges).Count
        $results = Get-LensmorPersonnel -EventId 139009 -First 2 -WarningAction SilentlyContinue | Unlock-LensmorContactPhone -Force -WarningAction SilentlyContinue
        $results | Should -HaveCount 2
        $results | ForEach-Object { $_.Channel | Should -Be 'Phone'; $_.Email | Should -BeNullOrEmpty }
        @(Get-Charges | Select-Object -Skip $chargesBefore) | ForEach-Object { $_.credits | Should -Be 150 }
    }
}

Describe 'LinkedIn activity and outreach' {
    It 'unlocks LinkedIn activity per person' {
        $rows = Get-LensmorPersonnel -EventId 139010 -First 2 -WarningAction SilentlyContinue | Unlock-LensmorLinkedInActivity -Force
        $rows | Should -HaveCount 2
        $rows | ForEach-Object { $_.Success | Should -BeTrue }
    }

    It 'records the LinkedIn activity unlock in the spend log' {
        $rows = @(Get-LensmorSpendLog -Cmdlet 'Unlock-LensmorLinkedInActivity')
        $rows.Count | Should -Be 1
        $rows[0].Outcome | Should -BeIn @('Charged', 'Free')
    }

    It 'requests outreach and reads it back through the pipeline' {
        $requests = Get-LensmorPersonnel -EventId 139011 -First 1 -WarningAction SilentlyContinue |
            Request-LensmorOutreachMessage -Channel email -Purpose 'book a demo' -Force
        $requests | Should -HaveCount 1
        $requests[0].TaskId | Should -Not -BeNullOrEmpty
        Start-Sleep -Seconds 1
        $message = $requests | Get-LensmorOutreachMessage
        $message.Found | Should -BeTrue
        $message.EmailBody | Should -Not -BeNullOrEmpty
    }

    It 'refuses an unknown outreach channel' {
        { Request-LensmorOutreachMessage -PersonnelId 7000001 -EventId 139001 -Channel sms -Force -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument,*'
    }
}

Describe 'Help' {
    It '<_> has a synopsis and at least two examples' -ForEach @(
        'Get-LensmorPersonnel', 'Get-LensmorPersonnelEvent', 'Find-LensmorContact', 'Unlock-LensmorContactEmail', 'Unlock-LensmorContactPhone',
        'Get-LensmorContactUnlockTask', 'Wait-LensmorContactUnlockTask', 'Unlock-LensmorLinkedInActivity', 'Request-LensmorOutreachMessage', 'Get-LensmorOutreachMessage'
    ) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }
}
