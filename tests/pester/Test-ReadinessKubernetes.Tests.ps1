BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    $fixtures = "$PSScriptRoot/../Readiness.Core.Tests/Checks/Fixtures/k8s"
}

Describe 'Test-ReadinessKubernetes' {
    It 'passes the good manifests' {
        Test-ReadinessKubernetes -Path "$fixtures/good.yaml" -MaxMemory 200Mi -Quiet | Should -BeTrue
    }

    It 'reads kubectl output from the pipeline and names the field' {
        $results = Get-Content "$fixtures/kubectl-list.yaml" | Test-ReadinessKubernetes -Rule images
        $results.Status | Should -Be 'Failed'
        $results.Evidence['fields'] | Should -Be 'spec.template.spec.containers[0].image'
    }
}

Describe 'Test-ReadinessKubernetes binding' {
    AfterEach { Pop-Location -ErrorAction SilentlyContinue }

    It 'reads one YAML document piped as a single string (Get-Content -Raw, kubectl get -o yaml)' {
        $results = Get-Content -Raw "$fixtures/kubectl-list.yaml" | Test-ReadinessKubernetes -Rule images
        $results.Status | Should -Be 'Failed'
    }

    It 'takes Get-ChildItem output and expands wildcards against the PowerShell location' {
        Get-ChildItem $fixtures -Filter good.yaml | Test-ReadinessKubernetes -MaxMemory 200Mi -Quiet | Should -BeTrue
        Push-Location $fixtures
        Test-ReadinessKubernetes -Path ./goo*.yaml -MaxMemory 200Mi -Quiet | Should -BeTrue
    }

    It 'writes a non-terminating PathNotFound for a missing manifest and checks the others' {
        Push-Location $fixtures
        $ok = Test-ReadinessKubernetes -Path ./nope.yaml, ./good.yaml -MaxMemory 200Mi -Quiet -ErrorVariable err -ErrorAction SilentlyContinue
        $ok | Should -BeTrue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessKubernetesCmdlet'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'is an InvalidArgument error for a -MaxMemory that is not a quantity' {
        $thrown = { Test-ReadinessKubernetes -Path "$fixtures/good.yaml" -MaxMemory lots } | Should -Throw -PassThru -ErrorId 'MaxMemoryInvalid,Readiness.PowerShell.Cmdlets.TestReadinessKubernetesCmdlet'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.TargetObject | Should -Be 'lots'
    }

    It 'pipes its results into Get-ReadinessReport' {
        $report = Test-ReadinessKubernetes -Path "$fixtures/good.yaml" -MaxMemory 200Mi | Get-ReadinessReport
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
    }
}
