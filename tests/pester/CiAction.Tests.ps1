#requires -Version 7.4
# Plays the user's repository: a temporary git repository with its own checklist (a health item against the sample
# service on 127.0.0.1, a Kubernetes manifest whose finding has a file and line, a manual sign-off), the module
# installed from out/packages into a fresh HOME, and the script steps of action.yml and templates/readiness.yml run
# as the CI systems run them: each step in a new pwsh, with the step's env mapped from the inputs/parameters, in the
# repository root, with GITHUB_ACTIONS, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT (resp. TF_BUILD,
# BUILD_SOURCESDIRECTORY, BUILD_ARTIFACTSTAGINGDIRECTORY) set.
# The `(needs automatic CI output)` tests check what the module itself writes in CI (job summary, annotations and
# logged issues with repository-relative paths, task.complete); the rest check the Action's and template's own work.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Linux and macOS only, where a fresh user is a fresh HOME (New-FreshUserEnvironment says why).
BeforeAll {
    if ($IsWindows) { return }
    . "$PSScriptRoot/Readiness.ChildPwsh.ps1"
    . "$PSScriptRoot/Readiness.Packages.ps1"
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1"
    $setup = New-InstallSandbox ci
    $script:repositoryRoot = $setup.RepositoryRoot; $script:version = $setup.Version; $script:sandbox = $setup.Folder
    $script:packages = $setup.Packages; $script:freshUser = $setup.FreshUser

    # The CI files are read as the CI systems read them: YAML (the module's own YamlDotNet, loaded here by path).
    Add-Type -Path (Join-Path $repositoryRoot 'out/Readiness/Dependencies/YamlDotNet.dll')
    function ConvertFrom-YamlNode($node) {
        switch ($node.GetType().Name) {
            'YamlMappingNode' { $map = [ordered]@{}; foreach ($pair in $node.Children) { $map[$pair.Key.Value] = ConvertFrom-YamlNode $pair.Value }; $map }
            'YamlSequenceNode' { , @($node.Children | ForEach-Object { ConvertFrom-YamlNode $_ }) }
            default { $node.Value }
        }
    }
    function Read-Yaml([string] $Path) {
        $stream = [YamlDotNet.RepresentationModel.YamlStream]::new()
        $stream.Load([System.IO.StringReader]::new((Get-Content -Raw -LiteralPath $Path)))
        ConvertFrom-YamlNode $stream.Documents[0].RootNode
    }
    # ${{ inputs.x }} / ${{ parameters.x }} as the runner expands them in a step's env, then $(Macro) variables.
    function Resolve-CiValue([string] $Text, [hashtable] $Values, [hashtable] $Macros = @{}) {
        $text = [regex]::Replace($Text, '\$\{\{\s*(?:inputs|parameters)\.([\w-]+)\s*\}\}', { param($m) [string]$Values[$m.Groups[1].Value] })
        foreach ($name in $Macros.Keys) { $text = $text.Replace("`$($name)", $Macros[$name]) }
        $text
    }
    # Runs one pwsh step in a fresh pwsh as the runner does: its script, its env, extra CI variables, the repository
    # root as working directory. Returns the exit code and everything it printed.
    function Invoke-CiStep($Step, [hashtable] $Values, [hashtable] $Ci, [string] $Script, [hashtable] $Macros = @{}) {
        $environment = $freshUser.Clone()
        foreach ($name in $Ci.Keys) { $environment[$name] = $Ci[$name] }
        if ($Step.Contains('env')) { foreach ($name in $Step.env.Keys) { $environment[$name] = Resolve-CiValue $Step.env[$name] $Values $Macros } }
        Invoke-ChildPwsh -NonInteractive -TimeoutSeconds 300 -Environment $environment -WorkingDirectory $userRepository -Script $Script
    }
    function Get-Defaults($Declared, [string] $DefaultKey) {
        $values = @{}
        foreach ($name in $Declared.Keys) { if ($Declared[$name].Contains($DefaultKey)) { $values[$name] = $Declared[$name][$DefaultKey] } }
        $values
    }

    # --- the user's repository ---
    $script:userRepository = Join-Path $sandbox 'shop'
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $userRepository 'readiness'), (Join-Path $userRepository 'deploy')
    Set-Content -LiteralPath (Join-Path $userRepository 'readiness/release.yaml') -Encoding utf8NoBOM -Value @'
schemaVersion: 1
name: shop-api
title: Shop API release readiness
variables:
  api: http://127.0.0.1:8080
  manifests: ../deploy/app.yaml
items:
  - id: service.health
    section: Service
    title: /health answers healthy
    severity: high
    check: { type: health, url: "${api}/health" }
  - id: deploy.memory-limit
    section: Deployment
    title: Every container has a memory limit of at most 256Mi
    severity: high
    check: { type: kubernetes, path: "${manifests}", rule: memory-limit, maxMemory: 256Mi }
  - id: signoff.on-call
    section: Sign-off
    title: The on-call rota knows about the release
    severity: medium
    manual: true
'@
    $manifest = @'
# The shop API as deployed (helm template shop charts/shop).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 2
  selector:
    matchLabels: { app: shop-api }
  template:
    metadata:
      labels: { app: shop-api }
    spec:
      containers:
        - name: api
          image: registry.example.com/shop-api:1.4.2
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m }
'@
    Set-Content -LiteralPath (Join-Path $userRepository 'deploy/app.yaml') -Encoding utf8NoBOM -Value $manifest
    Set-Content -LiteralPath (Join-Path $userRepository 'deploy/limited.yaml') -Encoding utf8NoBOM -Value $manifest.Replace('limits: { cpu: 500m }', 'limits: { cpu: 500m, memory: 256Mi }')
    git -C $userRepository init -q
    git -C $userRepository -c user.name=dev -c user.email=dev@example.com add -A
    git -C $userRepository -c user.name=dev -c user.email=dev@example.com commit -q -m 'shop api'

    $script:sample = Start-ReadinessSample -Ready
    $script:action = Read-Yaml (Join-Path $repositoryRoot 'action.yml')
    $script:template = Read-Yaml (Join-Path $repositoryRoot 'templates/readiness.yml')
    $script:actionSteps = @{}
    foreach ($step in $action.runs.steps) { $actionSteps[$step.name] = $step }

    # GitHub Actions: the Action's two pwsh steps, with its inputs' defaults and the workflow's `with:`.
    function Invoke-ActionRun([hashtable] $With, [string] $Name) {
        $values = Get-Defaults $action.inputs 'default'
        foreach ($key in $With.Keys) { $values[$key] = $With[$key] }
        $runner = Join-Path $sandbox "github-$Name"
        $null = New-Item -ItemType Directory -Force -Path $runner
        $ci = @{
            GITHUB_ACTIONS = 'true'; CI = 'true'; GITHUB_WORKSPACE = $userRepository; GITHUB_ACTION_PATH = $repositoryRoot
            GITHUB_STEP_SUMMARY = (Join-Path $runner 'summary.md'); GITHUB_OUTPUT = (Join-Path $runner 'output.txt')
        }
        Set-Content -LiteralPath $ci.GITHUB_STEP_SUMMARY, $ci.GITHUB_OUTPUT -Value $null
        $step = $actionSteps['Run the checklist']
        $run = Invoke-CiStep $step $values $ci $step.run
        $outputs = @{}
        foreach ($line in Get-Content -LiteralPath $ci.GITHUB_OUTPUT) { if ($line -match '^([^=]+)=(.*)$') { $outputs[$Matches[1]] = $Matches[2] } }
        [pscustomobject]@{
            ExitCode = $run.ExitCode; Output = $run.Output; Summary = Get-Content -Raw -LiteralPath $ci.GITHUB_STEP_SUMMARY
            Outputs = $outputs
            Directory = Join-Path $userRepository $values['output-directory']
        }
    }

    # Installed once, by the Action's install step (and later again by the template's, which finds it installed).
    $install = $actionSteps['Install the Readiness module']
    $script:installRun = Invoke-CiStep $install @{ 'module-version' = $version; repository = $packages } @{ GITHUB_ACTIONS = 'true'; GITHUB_ACTION_PATH = $repositoryRoot } $install.run

    $script:noGo = Invoke-ActionRun @{ checklist = 'readiness/release.yaml'; variables = "api=$($sample.Url)" } 'nogo'
    $script:conditional = Invoke-ActionRun @{ checklist = 'readiness/release.yaml'; variables = "api=$($sample.Url)`nmanifests=deploy/limited.yaml"; 'fail-on' = 'Conditional'; formats = 'json,sarif'; 'output-directory' = 'out/conditional' } 'conditional'
    $script:conditionalPasses = Invoke-ActionRun @{ checklist = 'readiness/release.yaml'; variables = "api=$($sample.Url)`nmanifests=deploy/limited.yaml"; formats = 'json'; 'output-directory' = 'out/passes' } 'passes'
    $script:badInput = Invoke-ActionRun @{ checklist = 'readiness/release.yaml'; formats = 'json,pdf'; 'output-directory' = 'out/bad' } 'bad'

    # The finding the annotations must point at, as the JSON report has it.
    $script:noGoJson = Get-Content -Raw (Join-Path $noGo.Directory 'readiness.json') | ConvertFrom-Json
    $script:finding = $noGoJson.results | Where-Object { $_.id -like 'deploy.memory-limit*' -and $_.status -eq 'Failed' } | Select-Object -First 1

    # Azure DevOps: the template's two pwsh steps with parameters; failOn never lets a NoGo through.
    $parameters = @{}
    foreach ($p in $template.parameters) { if ($p.Contains('default')) { $parameters[$p.name] = $p.default } }
    $parameters.checklist = 'readiness/release.yaml'; $parameters.variables = "api=$($sample.Url)"; $parameters.failOn = 'never'
    $parameters.repository = $packages; $parameters.moduleVersion = $version
    $script:staging = Join-Path $sandbox 'azure-staging'
    $macros = @{ 'Build.ArtifactStagingDirectory' = $staging; 'Build.SourcesDirectory' = $userRepository }
    $azureCi = @{ TF_BUILD = 'True'; CI = 'true'; BUILD_SOURCESDIRECTORY = $userRepository; BUILD_ARTIFACTSTAGINGDIRECTORY = $staging; SYSTEM_DEFAULTWORKINGDIRECTORY = $userRepository }
    $pwshSteps = @($template.steps | Where-Object { $_.Contains('pwsh') })
    $script:azureInstall = Invoke-CiStep $pwshSteps[0] $parameters $azureCi $pwshSteps[0].pwsh $macros
    $script:azureRun = Invoke-CiStep $pwshSteps[1] $parameters $azureCi $pwshSteps[1].pwsh $macros
    $script:azureTemplate = $template
}

AfterAll {
    if (Get-Variable -Name sample -Scope Script -ErrorAction Ignore) { $sample | Stop-ReadinessSample }
    if (Get-Variable -Name sandbox -Scope Script -ErrorAction Ignore) { Remove-Item -LiteralPath $sandbox -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The GitHub Action (action.yml) in the user''s repository' -Skip:$IsWindows {
    It 'installs the module by name from the given repository folder' {
        $installRun.ExitCode | Should -Be 0 -Because $installRun.Output
        $installRun.Output | Should -Match "Readiness $([regex]::Escape($version)) installed"
    }

    It 'writes every requested format from one run of the checklist' {
        $noGo.Output | Should -Not -Match 'error: ' -Because $noGo.Output
        foreach ($file in 'readiness.md', 'readiness.json', 'readiness.junit.xml', 'readiness.sarif', 'readiness.html') {
            Join-Path $noGo.Directory $file | Should -Exist
        }
        # One report behind every file: the same start time (to the second) in each.
        $started = [datetimeoffset]$noGoJson.startTime
        Get-Content -Raw (Join-Path $noGo.Directory 'readiness.md') | Should -Match ([regex]::Escape($started.ToString('yyyy-MM-dd HH:mm:ss zzz')))
        Get-Content -Raw (Join-Path $noGo.Directory 'readiness.html') | Should -Match ([regex]::Escape($started.ToString('yyyy-MM-dd HH:mm:ss zzz')))
        ([xml](Get-Content -Raw (Join-Path $noGo.Directory 'readiness.junit.xml'))).SelectSingleNode('//testsuite').timestamp | Should -Be $started.ToString('yyyy-MM-ddTHH:mm:ss')
        (Get-Content -Raw (Join-Path $noGo.Directory 'readiness.sarif') | ConvertFrom-Json).version | Should -Be '2.1.0'
    }

    It 'judges the user''s service and manifests: health passes, the missing memory limit makes it NoGo' {
        $noGoJson.decision | Should -Be 'NoGo'
        ($noGoJson.results | Where-Object id -EQ 'service.health').status | Should -Be 'Passed'
        $finding | Should -Not -BeNullOrEmpty
        $finding.message | Should -Match 'no memory limit'
        $finding.line | Should -BeGreaterThan 1
    }

    It 'sets the step outputs the upload steps read: decision, report-directory and a path per format' {
        $noGo.Outputs['decision'] | Should -Be 'NoGo'
        $noGo.Outputs['report-directory'] | Should -Be $noGo.Directory
        $noGo.Outputs['sarif'] | Should -Be (Join-Path $noGo.Directory 'readiness.sarif')
        $noGo.Outputs['html'] | Should -Be (Join-Path $noGo.Directory 'readiness.html')
        $uploads = @($action.runs.steps | Where-Object { $_.Contains('uses') })
        ($uploads | Where-Object { $_.uses -like 'github/codeql-action/upload-sarif@*' }).with.sarif_file | Should -Be '${{ steps.run.outputs.sarif }}'
        ($uploads | Where-Object { $_.uses -like 'actions/upload-artifact@*' }).with.path | Should -Be '${{ steps.run.outputs.report-directory }}'
        $uploads.if | Should -Match '!cancelled\(\)'
    }

    It 'exits as documented: 1 when the decision meets fail-on (NoGo, Conditional), 0 when it does not, 2 on bad input' {
        $noGo.ExitCode | Should -Be 1 -Because $noGo.Output
        $noGo.Output | Should -Match '::error title=Readiness::Readiness gate failed: shop-api is NoGo'
        $conditional.Outputs['decision'] | Should -Be 'Conditional'
        $conditional.ExitCode | Should -Be 1 -Because $conditional.Output
        $conditionalPasses.ExitCode | Should -Be 0 -Because $conditionalPasses.Output
        $conditionalPasses.Output | Should -Match 'Readiness decision: Conditional \(fail-on: NoGo\)'
        $badInput.ExitCode | Should -Be 2
        $badInput.Output | Should -Match "::error title=Readiness::formats: unknown format 'pdf'"
    }

    It 'writes only the formats asked for' {
        @(Get-ChildItem -LiteralPath $conditional.Directory).Name | Sort-Object | Should -Be @('readiness.json', 'readiness.sarif')
        Test-Path -LiteralPath $badInput.Directory | Should -BeFalse
    }

    It 'writes the job summary (needs automatic CI output)' {
        $noGo.Summary | Should -Match 'NoGo'
        $noGo.Summary | Should -Match 'deploy\.memory-limit'
    }

    It 'annotates the manifest line with a path relative to the repository root (needs automatic CI output)' {
        # Once: the report of the one run is announced once, however many formats are exported from it.
        $annotations = [regex]::Matches($noGo.Output, "(?m)^::error file=deploy/app\.yaml,line=$($finding.line),title=[^:]*::.*no memory limit")
        $annotations.Count | Should -Be 1 -Because $noGo.Output
        Join-Path $userRepository 'deploy/app.yaml' | Should -Exist
    }

    It 'points SARIF at the file relative to the repository root (needs automatic CI output)' {
        $sarif = Get-Content -Raw (Join-Path $noGo.Directory 'readiness.sarif') | ConvertFrom-Json
        $uris = @($sarif.runs[0].results | ForEach-Object { $_.locations } | ForEach-Object { $_.physicalLocation.artifactLocation.uri })
        $uris | Should -Contain 'deploy/app.yaml'
    }
}

Describe 'The Azure DevOps template (templates/readiness.yml) in the user''s repository' -Skip:$IsWindows {
    It 'installs the module and runs the script the installed module ships' {
        $azureInstall.ExitCode | Should -Be 0 -Because $azureInstall.Output
        $azureRun.ExitCode | Should -Be 0 -Because $azureRun.Output
        foreach ($file in 'readiness.md', 'readiness.json', 'readiness.junit.xml', 'readiness.sarif', 'readiness.html') {
            Join-Path $staging "readiness/$file" | Should -Exist
        }
        (Get-Content -Raw (Join-Path $staging 'readiness/readiness.json') | ConvertFrom-Json).decision | Should -Be 'NoGo'
    }

    It 'sets the variables the publishing steps read and uploads the Markdown summary' {
        $azureRun.Output | Should -Match '##vso\[task\.setvariable variable=ReadinessDecision\]NoGo'
        $azureRun.Output | Should -Match "##vso\[task\.setvariable variable=ReadinessJunit\]$([regex]::Escape((Join-Path $staging 'readiness/readiness.junit.xml')))"
        $azureRun.Output | Should -Match "##vso\[task\.uploadsummary\]$([regex]::Escape((Join-Path $staging 'readiness/readiness.md')))"
        $tasks = @($azureTemplate.steps | Where-Object { $_.Contains('task') })
        ($tasks | Where-Object task -EQ 'PublishTestResults@2').inputs.testResultsFiles | Should -Be '$(ReadinessJunit)'
        ($tasks | Where-Object task -EQ 'PublishTestResults@2').inputs.testResultsFormat | Should -Be 'JUnit'
        @($tasks | Where-Object task -EQ 'PublishPipelineArtifact@1').inputs.targetPath | Should -Be @('$(ReadinessReportDirectory)', '$(ReadinessSarif)')
    }

    It 'lets a NoGo through with failOn never, and the run step may not fail the job then' {
        $azureRun.Output | Should -Not -Match '##vso\[task\.logissue type=error\]Readiness gate failed'
        ($azureTemplate.steps | Where-Object { $_.Contains('pwsh') })[1].continueOnError | Should -Be "`${{ eq(parameters.failOn, 'never') }}"
    }

    It 'logs the finding against the manifest relative to the repository root (needs automatic CI output)' {
        $issues = [regex]::Matches($azureRun.Output, "##vso\[task\.logissue type=error;sourcepath=deploy/app\.yaml;linenumber=$($finding.line)[;\]].*no memory limit")
        $issues.Count | Should -Be 1 -Because $azureRun.Output
        $azureRun.Output | Should -Match '##vso\[task\.complete result=Failed'
    }
}
