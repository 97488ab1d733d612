#Requires -Version 7.0
<#
.SYNOPSIS
    Sets up the shell that `dotnet run --project samples/Lensmor.Rehearsal -- --interactive` leaves you in: the
    built module imported, connected to the rehearsal's sandbox, its own history, and a welcome.

.DESCRIPTION
    The rehearsal starts a Lensmor sandbox, points $env:LENSMOR_BASE_URL, $env:LENSMOR_API_KEY and
    $env:LENSMOR_JOURNAL_PATH at it and at a temporary folder, then starts the pwsh pinned in
    .config/dotnet-tools.json with -NoProfile -NoExit -File on this script. The sandbox runs until you exit
    the shell; then the rehearsal prints the sandbox's ledger and deletes the temporary folder.

    The history of this shell (Up, Ctrl+R) is kept in that folder, not in your own pwsh history, so a paid
    command rehearsed here is never recalled later in a shell connected to the real API.
#>
[CmdletBinding()]
param(
    # The module to import: out/Lensmor/Lensmor.psd1 unless --module says otherwise.
    [Parameter(Mandatory)]
    [string] $Module,

    # Where PSReadLine keeps this shell's history.
    [Parameter(Mandatory)]
    [string] $HistoryPath,

    # --script: run this first, then stay at the prompt.
    [string] $Script
)

if (-not $env:LENSMOR_BASE_URL -or -not ([uri]$env:LENSMOR_BASE_URL).IsLoopback) {
    throw "The rehearsal runs only against a sandbox on this machine (LENSMOR_BASE_URL is '$env:LENSMOR_BASE_URL'). Start it with: dotnet run --project samples/Lensmor.Rehearsal -- --interactive"
}

Import-Module $Module -ErrorAction Stop
$context = Connect-Lensmor -ApiKey $env:LENSMOR_API_KEY -BaseUri $env:LENSMOR_BASE_URL -PassThru
$balance = Get-LensmorBalance

# pwsh imports PSReadLine before this script runs, unless a screen reader is on (Windows) or it is missing.
$readLine = Get-Module PSReadLine
if ($readLine) {
    Set-PSReadLineOption -HistorySavePath $HistoryPath
}

# The welcome fits 80 columns.
$shell = "PowerShell $($PSVersionTable.PSVersion)" + $(if ($readLine) { " with PSReadLine $($readLine.Version)" })
$imported = Get-Module Lensmor
Write-Host "Lensmor rehearsal in $shell."
Write-Host "Module:  $($imported.ModuleBase) (Lensmor $($imported.Version))"
Write-Host "Sandbox: $($context.BaseUri), balance $('{0:N0}' -f $balance.TotalBalance) credits"
Write-Host @'
Connected with the sandbox's key ($env:LENSMOR_API_KEY). Nothing here reaches the
real API. The journal and this shell's history are in a temporary folder.

Try (Tab completes names, parameters and values; Up and Ctrl+R recall lines):
  Get-LensmorBalance
  Get-LensmorEvent -First 5      # then Unlock-LensmorEvent -Id <Tab> offers them
  Get-LensmorEvent -First 3 | Unlock-LensmorEvent -WhatIf   # nothing is sent
  Unlock-LensmorEvent -Id 139001  # asks before it spends: answer y or n
  Get-LensmorSpendLog
  Get-Help Unlock-LensmorEvent -Examples

Type exit (or Ctrl+D on an empty line) to leave; the sandbox stops with the shell.
'@

if ($Script) {
    & $Script
}
