#
# Module manifest for Readiness: production-readiness checklists as executable checks with a Go/No-Go decision.
# Layout (scripts/package.sh): the cmdlet assembly and Readiness.Model.dll here, the engine and every third-party
# library under Dependencies/, loaded only by the module's private AssemblyLoadContext.
#
@{
    RootModule           = 'Readiness.PowerShell.dll'
    # Stamped by scripts/package.sh from <Version> in Directory.Build.props, the one version of everything; the
    # placeholder here is never shipped (Install.Tests.ps1 checks the installed module's version).
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0d3f8e-6c1a-4f5e-9a27-3d4c8e1b7a62'
    Author               = 'Readiness contributors'
    CompanyName          = 'Readiness contributors'
    Copyright            = '(c) Readiness contributors. All rights reserved.'
    Description          = 'Turns production-readiness checklists into executable checks with structured results and a Go/No-Go decision.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')

    # The objects users see; loaded into the default context so format views, -is checks and type literals work.
    RequiredAssemblies   = @('Readiness.Model.dll')
    FormatsToProcess     = @('Readiness.format.ps1xml')

    # Explicit list, never a wildcard: the contract tests compare it with the compiled cmdlets.
    CmdletsToExport      = @(
        'Add-ReadinessWaiver'
        'Approve-ReadinessItem'
        'Assert-ReadinessReport'
        'Compare-ReadinessReport'
        'Export-ReadinessEvidence'
        'Export-ReadinessReport'
        'Get-ReadinessReport'
        'Import-ReadinessChecklist'
        'Invoke-BackupRestoreCheck'
        'Invoke-KmsSignerSmoke'
        'Invoke-ReadinessLoadTest'
        'Invoke-ReadinessRunbook'
        'New-WebhookSignature'
        'Start-ReadinessSample'
        'Stop-ReadinessSample'
        'Test-ReadinessAlerts'
        'Test-ReadinessApiContract'
        'Test-ReadinessEvidence'
        'Test-ReadinessHealth'
        'Test-ReadinessKms'
        'Test-ReadinessKubernetes'
        'Test-ReadinessLogs'
        'Test-ReadinessMetrics'
        'Test-ReadinessRateLimit'
        'Test-ReadinessSecrets'
        'Test-ReadinessSecurity'
        'Test-ReadinessTls'
        'Test-WebhookReplay'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('readiness', 'release', 'go-no-go', 'checklist', 'sre', 'ci')
            # Also the base of every cmdlet's Get-Help -Online page (docs/cmdlets/<Name>.md), written by the help builder.
            ProjectUri   = 'https://github.com/readiness-contributors/readiness'
            ReleaseNotes = 'https://github.com/readiness-contributors/readiness/blob/main/CHANGELOG.md'
            # Stamped with the part after '-' of a prerelease <Version> (1.2.0-beta1); empty for a release.
            Prerelease   = ''
        }
    }
}
