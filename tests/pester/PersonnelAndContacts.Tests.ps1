#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# User stories for the personnel and contact cmdlets, run against a sandbox started for this file.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $sandboxDll = Join-Path $script:RepoRoot 'src/Lensmor.Sandbox/bin/Debug/net10.0/Lensmor.Sandbox.dll'
    $manifest = Join-Path $script:RepoRoot 'out/Lensmor/Lensmor.psd1'
    if (-not (Test-Path $sandboxDll)) { throw "Build first (dotnet build LensmorPS.sln): $sandboxDll is missing." }

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()

    $script:BaseUrl = "http://127.0.0.1:$port"
    $script:Sandbox = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow `
        -ArgumentList @($sandboxDll, '--urls', $script:BaseUrl, '--api-key', 'sk_pester_0123456789') `
        -RedirectStandardOutput (Join-Path ([System.IO.Path]::GetTempPath()) "lensmor-sandbox-$port.out")

    $deadline = (Get-Date).AddSeconds(30)
    while ($true) {
        try {
            $null = Invoke-RestMethod -Uri "$script:BaseUrl/_sandbox/faults" -TimeoutSec 2
            break
        }
        catch {
            if ((Get-Date) -gt $deadline) { throw "The sandbox did not start on $script:BaseUrl." }
            Start-Sleep -Milliseconds 200
        }
    }

    $script:SavedBaseUrl = $env:LENSMOR_BASE_URL
    $script:SavedApiKey = $env:LENSMOR_API_KEY
    $env:LENSMOR_BASE_URL = $script:BaseUrl
    $env:LENSMOR_API_KEY = 'sk_pester_0123456789'
    Import-Module $manifest -Force

    function script:Get-Charges { @((Invoke-RestMethod -Uri "$script:BaseUrl/_sandbox/ledger").charges) }
    function script:Get-PaidRequests { @((Invoke-RestMethod -Uri "$script:BaseUrl/_sandbox/requests") | Where-Object isPaidRoute) }
}

AfterAll {
    Remove-Module Lensmor -Force -ErrorAction SilentlyContinue
    $env:LENSMOR_BASE_URL = $script:SavedBaseUrl
    $env:LENSMOR_API_KEY = $script:SavedApiKey
    if ($script:Sandbox -and -not $script:Sandbox.HasExited) {
        Stop-Process -Id $script:Sandbox.Id -Force
    }
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
        { Get-LensmorPersonnel -EventId 139001 -PageSize 51 -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument'
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
        { Find-LensmorContact -CompanyName ' ' -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument'
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
            Should -Throw -ErrorId 'LensmorMaxCreditsExceeded'
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
        { Request-LensmorOutreachMessage -PersonnelId 7000001 -EventId 139001 -Channel sms -Force -ErrorAction Stop } | Should -Throw -ErrorId 'LensmorInvalidArgument'
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
