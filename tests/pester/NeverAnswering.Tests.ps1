BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force

    # A port whose connections the kernel completes (they wait in the backlog) and that never sends a byte back:
    # the target that accepts and hangs. Every network cmdlet must end with Error within its timeout, which proves
    # it runs through the checklist runner (timeout, exceptions as Error) rather than a path of its own.
    $script:listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $script:listener.Start(512)
    $script:port = $script:listener.LocalEndpoint.Port
    $script:base = "http://127.0.0.1:$($script:port)"

    # Runs a command and returns its results and how long it took.
    function Measure-Hung([scriptblock] $Command) {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $results = @(& $Command)
        $clock.Stop()
        [pscustomobject]@{ Results = $results; Seconds = $clock.Elapsed.TotalSeconds }
    }

    # Timeout texts of the checks and of the runner ("did not answer within 2 s", "did not finish within 40 s").
    $script:namesTimeout = 'within \d+(\.\d+)? ?s|timed out|time(d)? ?out'
}

AfterAll { $script:listener.Stop() }

Describe 'Every network cmdlet against a port that accepts and never answers' {
    It 'Test-ReadinessHealth ends with Error naming the timeout' {
        $run = Measure-Hung { Test-ReadinessHealth -Uri "$base/health" -TimeoutSec 2 }
        $run.Results.Count | Should -BeGreaterThan 0
        $run.Results | ForEach-Object { $_.Status | Should -Be 'Error'; $_.Message | Should -Match $namesTimeout }
        $run.Seconds | Should -BeLessThan 20
    }

    It 'Test-ReadinessMetrics ends with Error naming the timeout' {
        $run = Measure-Hung { Test-ReadinessMetrics -Uri "$base/metrics" -TimeoutSec 2 }
        $run.Results | ForEach-Object { $_.Status | Should -Be 'Error'; $_.Message | Should -Match $namesTimeout }
        $run.Seconds | Should -BeLessThan 20
    }

    It 'Test-ReadinessRateLimit ends with Error naming the timeout' {
        $run = Measure-Hung { Test-ReadinessRateLimit -Uri "$base/login" -Limit 3 -TimeoutSec 2 -Confirm:$false }
        $run.Results | ForEach-Object { $_.Status | Should -Be 'Error'; $_.Message | Should -Match $namesTimeout }
        $run.Seconds | Should -BeLessThan 20
    }

    It 'Test-ReadinessApiContract ends with Error for the live aspect, naming the timeout' {
        $spec = Join-Path $TestDrive 'spec.yaml'
        Set-Content -LiteralPath $spec -Encoding utf8NoBOM -Value @'
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /health:
    get:
      responses:
        "200": { description: ok }
        "500": { description: failing }
        "404": { description: missing }
'@
        $run = Measure-Hung { Test-ReadinessApiContract -Spec $spec -BaseUri $base -TimeoutSec 2 }
        $live = $run.Results | Where-Object Id -eq 'api.live'
        $live.Status | Should -Be 'Error'
        $live.Message | Should -Match $namesTimeout
        $run.Seconds | Should -BeLessThan 20
    }

    Context 'KMS' {
        BeforeAll { $env:AWS_ACCESS_KEY_ID = 'AKIDPESTER'; $env:AWS_SECRET_ACCESS_KEY = 'pester-secret-never-answering' }
        AfterAll { Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue }

        It 'Test-ReadinessKms ends with Error for every aspect' {
            $run = Measure-Hung { Test-ReadinessKms -KeyId k -EndpointUrl $base -Region us-east-1 -TimeoutSec 2 }
            $run.Results.Count | Should -Be 4
            $run.Results | ForEach-Object { $_.Status | Should -Be 'Error' }
            ($run.Results | Where-Object Id -eq 'kms.state').Message | Should -Match "$namesTimeout|could not be reached"
            $run.Seconds | Should -BeLessThan 60
        }

        It 'Invoke-KmsSignerSmoke ends with Error' {
            $run = Measure-Hung { Invoke-KmsSignerSmoke -KeyId k -EndpointUrl $base -Region us-east-1 -TimeoutSec 2 -Confirm:$false }
            $run.Results.Count | Should -Be 2
            $run.Results | ForEach-Object { $_.Status | Should -Be 'Error' }
            $run.Seconds | Should -BeLessThan 40
        }
    }

    It 'Test-ReadinessTls ends with Error in every decision, naming the timeout' {
        $run = Measure-Hung { Test-ReadinessTls -Uri "https://127.0.0.1:$port/" -TimeoutSec 2 }
        $run.Results.Count | Should -Be 6
        $run.Results | ForEach-Object { $_.Status | Should -Be 'Error'; $_.Message | Should -Match $namesTimeout }
        $run.Seconds | Should -BeLessThan 60
    }

    It 'Test-ReadinessSecurity ends with Error in every decision' {
        $run = Measure-Hung { Test-ReadinessSecurity -Uri "https://127.0.0.1:$port/" -HttpUri "$base/" -TimeoutSec 2 }
        $run.Results.Count | Should -BeGreaterThan 10
        $run.Results | ForEach-Object { $_.Status | Should -Be 'Error' }
        ($run.Results | Where-Object Id -eq 'http.hsts').Message | Should -Match $namesTimeout
        $run.Seconds | Should -BeLessThan 120
    }

    It 'Test-WebhookReplay ends with Error for every probe, the first naming the timeout' {
        $secret = ConvertTo-SecureString 'never-answering-secret-0123456789' -AsPlainText -Force
        $run = Measure-Hung { Test-WebhookReplay -Uri "$base/hook" -Secret $secret -TimeoutSec 2 -Confirm:$false }
        $run.Results.Count | Should -Be 7
        $run.Results | ForEach-Object { $_.Status | Should -Be 'Error' }
        ($run.Results | Where-Object Id -eq 'webhook.valid').Message | Should -Match $namesTimeout
        $run.Seconds | Should -BeLessThan 30
    }

    It 'Test-WebhookReplay shows progress like every other cmdlet' {
        $secret = ConvertTo-SecureString 'never-answering-secret-0123456789' -AsPlainText -Force
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument("$PSScriptRoot/../../out/Readiness/Readiness.psd1").AddStatement()
            $null = $ps.AddCommand('Test-WebhookReplay').AddParameter('Uri', "$base/hook").AddParameter('Secret', $secret).AddParameter('TimeoutSec', 1).AddParameter('Probe', @('valid')).AddParameter('Confirm', $false)
            $null = $ps.Invoke()
            @($ps.Streams.Progress | Where-Object Activity -like '*webhook*').Count | Should -BeGreaterThan 0
        } finally { $ps.Dispose() }
    }
}
