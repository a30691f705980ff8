#requires -Version 7.4
# Installs Readiness the way a user does, from the packages of out/packages (scripts/publish.sh; scripts/test.sh makes
# them before the Pester stage, and this file makes them into a temporary folder when they are missing):
# Register-PSResourceRepository + Install-PSResource + Import-Module Readiness by name in a fresh pwsh whose HOME
# (so module path, repository list and caches) is a temporary folder, and `dotnet tool install Readiness.Cli` into a
# temporary tool path with a NuGet.config that names only that folder and a temporary package cache, so nothing the
# developer has installed, registered or cached takes part. Everything runs in an empty folder, away from the clone.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Linux and macOS only, where a fresh user is a fresh HOME (New-FreshUserEnvironment says why).
BeforeAll {
    if ($IsWindows) { return }
    . "$PSScriptRoot/Readiness.ChildPwsh.ps1"
    . "$PSScriptRoot/Readiness.Packages.ps1"
    $setup = New-InstallSandbox install
    $script:repositoryRoot = $setup.RepositoryRoot; $script:version = $setup.Version; $script:sandbox = $setup.Folder
    $script:packages = $setup.Packages; $script:freshUser = $setup.FreshUser
    $script:userHome = $freshUser.HOME
    $script:work = Join-Path $sandbox 'work'
    $null = New-Item -ItemType Directory -Force -Path $work

    # --- the module: one fresh pwsh installs it, imports it by name and runs the sample both ways ---
    $moduleRun = Invoke-ChildPwsh -NonInteractive -TimeoutSeconds 300 -Environment $freshUser -WorkingDirectory $work -Script @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ReadinessLocal -Uri '$packages' -Trusted
Install-PSResource -Name Readiness -Repository ReadinessLocal -Quiet
Import-Module Readiness
`$module = Get-Module Readiness
`$manifest = Test-ModuleManifest -Path (Join-Path `$module.ModuleBase 'Readiness.psd1')
`$flawed = Start-ReadinessSample
try { `$noGo = Get-ReadinessReport -Checklist `$flawed.ChecklistPath -Variable `$flawed.Variables -EvidencePath `$flawed.EvidencePath -Confirm:`$false }
finally { `$flawed | Stop-ReadinessSample }
`$ready = Start-ReadinessSample -Ready
try { `$go = Get-ReadinessReport -Checklist `$ready.ChecklistPath -Variable `$ready.Variables -EvidencePath `$ready.EvidencePath -Confirm:`$false }
finally { `$ready | Stop-ReadinessSample }
'RESULT ' + ([ordered]@{
    ModuleBase = `$module.ModuleBase; Version = `$module.Version.ToString(); Cmdlets = `$module.ExportedCmdlets.Count
    Author = `$manifest.Author; Description = `$manifest.Description; ProjectUri = [string]`$manifest.ProjectUri
    Tags = @(`$manifest.Tags); Editions = @(`$manifest.CompatiblePSEditions); PowerShellVersion = `$manifest.PowerShellVersion.ToString()
    Synopsis = (Get-Help Get-ReadinessReport).Synopsis
    Checklist = `$flawed.ChecklistPath; NoGo = [string]`$noGo.Decision; NoGoReason = `$noGo.DecisionReason; Go = [string]`$go.Decision
    ToolVersion = `$noGo.ToolVersion
} | ConvertTo-Json -Compress)
"@
    $script:moduleOutput = $moduleRun.Output
    $line = $moduleRun.Output -split '\r?\n' | Where-Object { $_.StartsWith('RESULT ') } | Select-Object -Last 1
    $script:installed = if ($line) { $line.Substring(7) | ConvertFrom-Json } else { $null }

    # --- the CLI: dotnet tool install with only the local folder as a source, offline ---
    $tools = Join-Path $sandbox 'tools'
    $config = Join-Path $sandbox 'NuGet.config'
    Set-Content -LiteralPath $config -Encoding utf8NoBOM -Value @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="readiness-local" value="$packages" />
  </packageSources>
</configuration>
"@
    $script:readiness = Join-Path $tools 'readiness'
    $script:toolRun = Invoke-ChildPwsh -NonInteractive -TimeoutSeconds 300 -Environment $freshUser -WorkingDirectory $sandbox -Script @"
dotnet tool install Readiness.Cli --tool-path '$tools' --configfile '$config' --add-source '$packages' --version '$version'
'TOOL-EXIT ' + `$LASTEXITCODE
'VERSION ' + (& '$readiness' --version)
& '$readiness' demo --format json --output '$(Join-Path $work 'demo.json')'
'DEMO-EXIT ' + `$LASTEXITCODE
"@
}

AfterAll {
    if (Get-Variable -Name sandbox -Scope Script -ErrorAction Ignore) { Remove-Item -LiteralPath $sandbox -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Install-PSResource Readiness from out/packages, then Import-Module Readiness by name' -Skip:$IsWindows {
    It 'installs into the fresh user''s own module folder, not from the clone' {
        $installed | Should -Not -BeNullOrEmpty -Because $moduleOutput
        $installed.ModuleBase | Should -BeLike "$userHome*"
        $installed.ModuleBase | Should -Not -BeLike "$repositoryRoot*"
        $installed.Cmdlets | Should -BeGreaterThan 20
    }

    It 'is the one version: ModuleVersion, the report''s toolVersion and <Version> in Directory.Build.props agree' {
        $version | Should -Match '^\d+\.\d+\.\d+'
        $installed.Version | Should -Be $version.Split('-')[0]
        $installed.ToolVersion | Should -Be $version
    }

    It 'has what the PowerShell Gallery shows: author, description, project page, tags, PowerShell 7.4 Core' {
        $installed.Author | Should -Be 'Readiness contributors'
        $installed.Description | Should -Match 'Go/No-Go'
        $installed.ProjectUri | Should -Match '^https://'
        $installed.Tags | Should -Contain 'readiness'
        $installed.Editions | Should -Be @('Core')
        $installed.PowerShellVersion | Should -Be '7.4'
    }

    It 'ships its help: Get-Help reads the installed en-US help' {
        $installed.Synopsis | Should -Match 'Go/No-Go decision'
    }

    It 'runs the sample from the installed module: NoGo flawed, Go ready, with the checklist shipped in the package' {
        $installed.Checklist | Should -BeLike "$($installed.ModuleBase)*checklists*diffver.yaml"
        $installed.NoGo | Should -Be 'NoGo'
        $installed.NoGoReason | Should -Match 'security\.webhook-signature-secret'
        $installed.Go | Should -Be 'Go'
    }
}

Describe 'dotnet tool install Readiness.Cli from out/packages' -Skip:$IsWindows {
    It 'installs offline from the local folder alone' {
        $toolRun.Output | Should -Match 'TOOL-EXIT 0' -Because $toolRun.Output
    }

    It 'readiness --version prints the one version' {
        $toolRun.Output | Should -Match "(?m)^VERSION $([regex]::Escape($version))\s*$"
    }

    It 'readiness demo runs outside any clone and reports NoGo with the same toolVersion' {
        $toolRun.Output | Should -Match 'DEMO-EXIT 0' -Because $toolRun.Output
        $demo = Get-Content -Raw (Join-Path $work 'demo.json') | ConvertFrom-Json
        $demo.decision | Should -Be 'NoGo'
        $demo.toolVersion | Should -Be $version
        @($demo.results).Count | Should -BeGreaterThan 20
    }
}
