BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.ChildPwsh.ps1"
    $script:Manifest = (Resolve-Path "$PSScriptRoot/../../out/Readiness/Readiness.psd1").Path

    # A user's repository: a secret in a subfolder, the checklist at the root. The token is assembled at run time so
    # this file holds no secret-shaped literal.
    $script:Token = 'gh' + 'p_' + ('A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')
    $script:Repo = Join-Path ([IO.Path]::GetTempPath()) ('readiness-pester-ci-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path (Join-Path $Repo 'sub/dir') -Force | Out-Null
    git -C $Repo init -q -b main
    Set-Content -LiteralPath (Join-Path $Repo 'sub/dir/file.yaml') -Value @('name: app', 'replicas: 2', "token: $Token")
    Set-Content -LiteralPath (Join-Path $Repo 'readiness.yaml') -Value @'
schemaVersion: 1
name: ci-output
items:
  - id: secrets.scan
    section: Security
    title: No secrets in the code
    severity: critical
    check: { type: secrets, path: sub }
'@
    $script:Annotation = '::error file=sub/dir/file.yaml,line=3,title=secrets.scan::Failed [Critical] No secrets in the code: GitHub personal access token (ghp_****) at dir/file.yaml:3.'

    # The CI variables of the machine running the tests are cleared first: only what a test sets counts.
    function Invoke-InCi([hashtable] $Variables, [string] $Command) {
        $set = ($Variables.GetEnumerator() | ForEach-Object { "`$env:$($_.Key) = '$($_.Value)'" }) -join "`n"
        Invoke-ChildPwsh -NonInteractive -Script @"
`$ErrorActionPreference = 'Stop'
foreach (`$name in 'CI', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE', 'TF_BUILD', 'BUILD_SOURCESDIRECTORY', 'READINESS_CI_OUTPUT') {
    Remove-Item "env:`$name" -ErrorAction SilentlyContinue
}
$set
Import-Module '$Manifest'
Set-Location -LiteralPath '$Repo'
$Command
"@
    }
}

AfterAll { Remove-Item -Recurse -Force $Repo -ErrorAction SilentlyContinue }

Describe 'CI output of the module' {
    BeforeEach {
        $script:Summary = Join-Path $Repo ('summary-' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.md')
    }

    It 'Get-ReadinessReport on GitHub Actions writes the annotations to the host and the report to the step summary' {
        $run = Invoke-InCi @{ GITHUB_ACTIONS = 'true'; GITHUB_STEP_SUMMARY = $Summary; GITHUB_WORKSPACE = $Repo } `
            "`$r = Get-ReadinessReport ./readiness.yaml; 'decision=' + `$r.Decision"
        $run.Output | Should -Match ([regex]::Escape($Annotation))
        $run.Output | Should -Match 'decision=NoGo'
        $run.Output | Should -Match '::notice title=Readiness decision%3A NoGo::'
        $text = Get-Content -Raw -LiteralPath $Summary
        $text | Should -Match '## ci-output'
        $text | Should -Match '\| ❌ Failed \| Critical \| `secrets.scan` \|'
        ($run.Output + $text) | Should -Not -Match ([regex]::Escape($Token.Substring(4)))
    }

    It 'finds the repository root from .git when GITHUB_WORKSPACE is not set' {
        $run = Invoke-InCi @{ GITHUB_ACTIONS = 'true' } "Get-ReadinessReport ./readiness.yaml | Out-Null"
        $run.Output | Should -Match ([regex]::Escape($Annotation))
    }

    It 'Get-ReadinessReport on Azure DevOps logs the issue with its source path and completes the task once' {
        $run = Invoke-InCi @{ TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $Repo } "Get-ReadinessReport ./readiness.yaml | Out-Null"
        $run.Output | Should -Match ([regex]::Escape('##vso[task.logissue type=error;sourcepath=sub/dir/file.yaml;linenumber=3;code=secrets.scan;]'))
        ([regex]::Matches($run.Output, [regex]::Escape('##vso[task.complete result=Failed;]'))).Count | Should -Be 1
    }

    It 'writes nothing to the CI system with READINESS_CI_OUTPUT=off' {
        $run = Invoke-InCi @{ GITHUB_ACTIONS = 'true'; GITHUB_STEP_SUMMARY = $Summary; READINESS_CI_OUTPUT = 'off' } "Get-ReadinessReport ./readiness.yaml | Out-Null"
        $run.Output | Should -Not -Match '::error'
        Test-Path -LiteralPath $Summary | Should -BeFalse
    }

    It 'Invoke-ReadinessRunbook publishes its report at the end' {
        $run = Invoke-InCi @{ GITHUB_ACTIONS = 'true'; GITHUB_STEP_SUMMARY = $Summary; GITHUB_WORKSPACE = $Repo } `
            "Invoke-ReadinessRunbook ./readiness.yaml -NonInteractive -RunPath ./run.json | Out-Null"
        $run.Output | Should -Match ([regex]::Escape($Annotation))
        (Get-Content -Raw -LiteralPath $Summary) | Should -Match '## ci-output'
    }

    It 'outside CI adds nothing to the output' {
        $run = Invoke-InCi @{} "Get-ReadinessReport ./readiness.yaml | Out-Null"
        $run.Output | Should -Not -Match '::error|##vso'
    }
}
