#Requires -Version 7.0
<#
.SYNOPSIS
    The module's main job, rehearsed against a Lensmor sandbox: balance, catalogue, an unlock rehearsed with
    -WhatIf, a run refused by -MaxCredits, a real unlock with its receipt, contacts, a paid search, the spend log.

.DESCRIPTION
    `dotnet run --project samples/Lensmor.Rehearsal` starts an in-process sandbox, points $env:LENSMOR_BASE_URL,
    $env:LENSMOR_API_KEY and $env:LENSMOR_JOURNAL_PATH at it, imports out/Lensmor and runs this script in
    PowerShell's own console host. Every command below is one a user types; each is echoed before its output.

    The script spends (sandbox) credits, so it refuses any endpoint that is not on this machine.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Continue'
if (-not $env:LENSMOR_BASE_URL -or -not ([uri]$env:LENSMOR_BASE_URL).IsLoopback) {
    throw "The rehearsal spends credits; it runs only against a sandbox on this machine (LENSMOR_BASE_URL is '$env:LENSMOR_BASE_URL'). Start it with: dotnet run --project samples/Lensmor.Rehearsal"
}
if ([Console]::IsOutputRedirected) {
    # A log file has no progress bars and no colours.
    $ProgressPreference = 'SilentlyContinue'
    $PSStyle.OutputRendering = 'PlainText'
}

# Echoes a command the way the console shows it, then runs it and shows its output (errors included).
function Show([scriptblock] $Command) {
    Write-Host
    Write-Host "PS> $($Command.ToString().Trim())"
    & $Command | Out-Default
}

Show { Connect-Lensmor -ApiKey $env:LENSMOR_API_KEY -BaseUri $env:LENSMOR_BASE_URL -SpendLimit 10000 }
Show { Get-LensmorBalance }
Show { Get-LensmorEvent -First 3 | Format-Table EventId, Name, DateStart, City, Country }

# Rehearse the purchase: what it would cost, and the balance it would leave. Nothing is sent.
Show { Get-LensmorEvent -First 3 | Unlock-LensmorEvent -WhatIf }

# A run that costs more than the caller allows is refused before anything is sent.
Show { Unlock-LensmorEvent -Id 139001 -MaxCredits 1000 }

# The real thing. At the console you would answer the prompt; a script says -Confirm:$false (or -Force).
Show { Unlock-LensmorEvent -Id 139001 -Confirm:$false }

# Again: the event is already unlocked, so nothing is sent and nothing is charged.
Show { Unlock-LensmorEvent -Id 139001 -Confirm:$false }

Show { Get-LensmorPersonnel -EventId 139001 -First 3 | Format-Table PersonnelId, Name, Title, CompanyName }
Show { Get-LensmorPersonnel -EventId 139001 -First 3 | Unlock-LensmorContactEmail -Confirm:$false | Format-Table PersonnelId, Status, Delivered, Email }

# A paid search: 50 credits a page, nothing when no event matches. The receipt is an information record.
Show { Search-LensmorExhibitorEvents -CompanyName Acme -PageSize 3 -Confirm:$false -InformationAction Continue | Format-Table EventId, Name, DateStart, MatchedExhibitorCount }

Show { Get-LensmorSpendLog }
Show { Get-LensmorContext | Format-List KeySource, SpendLimit, SpentThisSession, SpendLimitRemaining }
Show { Get-LensmorBalance }
