@{
    # The build replaces 0.0.0 with the one version in Directory.Build.props when it assembles out/Lensmor.
    ModuleVersion          = '0.0.0'
    RootModule             = 'Lensmor.dll'
    GUID                   = '5d0f6c1e-8a3b-4d5e-9f21-7c4b2a9e6d13'
    Author                 = 'LensmorPS contributors'
    CompanyName            = 'LensmorPS contributors'
    Copyright              = 'Copyright (c) 2026 LensmorPS contributors. MIT License.'
    Description            = 'Lensmor Event Intelligence API for PowerShell: events, exhibitors, personnel, and paid unlocks that never spend a credit you did not mean to spend.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    # Newtonsoft.Json is left out on purpose: PowerShell 7 already has it loaded and Lensmor binds to that copy;
    # Windows PowerShell 5.1 resolves it from this folder when Lensmor.Core first needs it.
    RequiredAssemblies     = @('Lensmor.Core.dll')
    FormatsToProcess       = @('Lensmor.Format.ps1xml')
    CmdletsToExport        = @(
        'Connect-Lensmor'
        'Disconnect-Lensmor'
        'Get-LensmorContext'
        'Get-LensmorBalance'
        'Unlock-LensmorEvent'
        'Search-LensmorExhibitorEvents'
        'Get-LensmorSpendLog'
        'Get-LensmorEvent'
        'Get-LensmorEventBrief'
        'Get-LensmorEventFitScore'
        'Get-LensmorEventRank'
        'Get-LensmorExhibitor'
        'Find-LensmorExhibitor'
        'Search-LensmorExhibitor'
        'Get-LensmorExhibitorEvent'
        'Test-LensmorAction'
        'Get-LensmorRecommendedEvent'
        'Get-LensmorRecommendedExhibitor'
        # personnel and contacts
        'Get-LensmorPersonnel'
        'Get-LensmorPersonnelEvent'
        'Find-LensmorContact'
        'Unlock-LensmorContactEmail'
        'Unlock-LensmorContactPhone'
        'Get-LensmorContactUnlockTask'
        'Wait-LensmorContactUnlockTask'
        'Unlock-LensmorLinkedInActivity'
        'Request-LensmorOutreachMessage'
        'Get-LensmorOutreachMessage'
        # budgets
        'Set-LensmorBudget'
        'Get-LensmorBudget'
        'Clear-LensmorBudget'
        # plans
        'Get-LensmorPlan'
        'Invoke-LensmorPlan'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Lensmor', 'Events', 'TradeShows', 'Exhibitors', 'API', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
