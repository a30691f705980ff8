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
