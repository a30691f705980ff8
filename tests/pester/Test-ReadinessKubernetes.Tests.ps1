BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
    $fixtures = "$PSScriptRoot/../Readiness.Core.Tests/Checks/Fixtures/k8s"
}

Describe 'Test-ReadinessKubernetes from files' {
    It 'passes the secure manifest on every rule, one result per rule' {
        $results = Test-ReadinessKubernetes -Path "$fixtures/secure.yaml" -MaxMemory 200Mi
        $results.Count | Should -Be 23
        @($results | Where-Object Status -ne 'Passed') | Should -BeNullOrEmpty
        ($results | Where-Object Id -eq 'kubernetes.load-balancer').Title | Should -Be 'Load balancer configured (Service of type LoadBalancer or an Ingress)'
    }

    It 'reads kubectl output from the pipeline and names the field of a single rule' {
        $result = Get-Content "$fixtures/kubectl-list.yaml" | Test-ReadinessKubernetes -Rule images
        $result.Id | Should -Be 'kubernetes'
        $result.Status | Should -Be 'Failed'
        $result.Evidence['fields'] | Should -Be 'spec.template.spec.containers[0].image'
    }

    It 'reads one YAML document piped as a single string (Get-Content -Raw, kubectl get -o yaml)' {
        (Get-Content -Raw "$fixtures/kubectl-list.yaml" | Test-ReadinessKubernetes -Rule images).Status | Should -Be 'Failed'
    }

    It 'takes Get-ChildItem output and expands wildcards against the PowerShell location' {
        Get-ChildItem $fixtures -Filter secure.yaml | Test-ReadinessKubernetes -MaxMemory 200Mi -Quiet | Should -BeTrue
        Push-Location $fixtures
        try { Test-ReadinessKubernetes -Path ./secu*.yaml -MaxMemory 200Mi -Quiet | Should -BeTrue }
        finally { Pop-Location }
    }

    It 'writes a non-terminating PathNotFound for a missing manifest and checks the others' {
        Push-Location $fixtures
        try { $ok = Test-ReadinessKubernetes -Path ./nope.yaml, ./secure.yaml -MaxMemory 200Mi -Quiet -ErrorVariable err -ErrorAction SilentlyContinue }
        finally { Pop-Location }
        $ok | Should -BeTrue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessKubernetesCmdlet'
    }

    It 'is an Error result naming the parameter for a -MaxMemory that is not a quantity' {
        $result = Test-ReadinessKubernetes -Path "$fixtures/secure.yaml" -MaxMemory lots -Rule memory-limit
        $result.Status | Should -Be 'Error'
        $result.Message | Should -BeLike "*parameter 'maxMemory' must be a memory quantity such as 200Mi or 200MB*"
    }

    It 'warns that a file holds no workload' {
        $result = "apiVersion: v1`nkind: ConfigMap`nmetadata: { name: only }`ndata: { a: b }" | Test-ReadinessKubernetes
        $result.Status | Should -Be 'Warning'
        $result.Message | Should -BeLike 'No workload (Pod, Deployment, *) found in pipeline; nothing to judge.'
    }
}

Describe 'Test-ReadinessKubernetes against a live namespace' {
    BeforeAll {
        # A loopback stand-in for the Kubernetes API: discovery, one list per resource, networkpolicies refused.
        $port = Get-FreePort
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $server = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
            param($listener)
            $deploy = '{"metadata":{"name":"shop","namespace":"prod"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"shop"}},"template":{"metadata":{"labels":{"app":"shop"}},"spec":{"containers":[{"name":"web","image":"shop:latest"}]}}},"status":{"replicas":3,"updatedReplicas":1,"availableReplicas":3}}'
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $path = $context.Request.Url.AbsolutePath
                $code = 200
                $body = switch -Regex ($path) {
                    '^/apis/apps/v1/namespaces/prod/deployments$' { '{"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{},"items":[' + $deploy + ']}'; break }
                    '/networkpolicies$' { $code = 403; '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,"message":"networkpolicies.networking.k8s.io is forbidden"}'; break }
                    '/namespaces/prod/' { '{"kind":"List","apiVersion":"v1","metadata":{},"items":[]}'; break }
                    default { $code = 404; '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}' }
                }
                $bytes = [Text.Encoding]::UTF8.GetBytes($body)
                $context.Response.StatusCode = $code
                $context.Response.ContentType = 'application/json'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }
        $kubeconfig = Join-Path ([IO.Path]::GetTempPath()) "readiness-kubeconfig-$port"
        Set-Content -Path $kubeconfig -Value @"
apiVersion: v1
kind: Config
clusters: [ { name: fake, cluster: { server: "http://127.0.0.1:$port" } } ]
users: [ { name: reader, user: { token: fake-token } } ]
contexts: [ { name: fake, context: { cluster: fake, user: reader } } ]
current-context: fake
"@
    }
    AfterAll {
        $listener.Close()
        $server | Wait-Job -Timeout 10 | Remove-Job -Force
        Remove-Item $kubeconfig -ErrorAction SilentlyContinue
    }

    It 'judges the namespace, adds rollout status and warns about the refused list' {
        $results = Test-ReadinessKubernetes -Kubeconfig $kubeconfig -Context fake -Namespace prod
        ($results | Where-Object Id -eq 'kubernetes.images').Status | Should -Be 'Failed'
        $rollout = $results | Where-Object Id -eq 'kubernetes.rollout-status'
        $rollout.Status | Should -Be 'Failed'
        $rollout.Message | Should -BeLike '*Deployment/shop has 1 updated and 3 available of 3 desired replica(s).*'
        $policy = $results | Where-Object Id -eq 'kubernetes.network-policy'
        $policy.Status | Should -Be 'Warning'
        $policy.Message | Should -BeLike "*refused 'list networkpolicies.networking.k8s.io' in namespace prod (HTTP 403 Forbidden)*"
    }
}
