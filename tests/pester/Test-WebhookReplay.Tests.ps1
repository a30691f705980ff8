BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force

    function Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # A real GitHub-scheme receiver on 127.0.0.1 (HttpListener in a thread job): HMAC over the raw body,
    # constant-time comparison, delivery-id deduplication. POST /stop ends it.
    function Start-GitHubReceiver([int] $Port, [string] $Secret, [switch] $NoReplayCache) {
        $job = Start-ThreadJob -ArgumentList $Port, $Secret, $NoReplayCache.IsPresent -ScriptBlock {
            param($port, $secret, $noReplayCache)
            $listener = [System.Net.HttpListener]::new()
            $listener.Prefixes.Add("http://127.0.0.1:$port/")
            $listener.Start()
            $seen = [System.Collections.Generic.HashSet[string]]::new()
            $key = [System.Text.Encoding]::UTF8.GetBytes($secret)
            try {
                while ($true) {
                    $context = $listener.GetContext()
                    if ($context.Request.Url.AbsolutePath -eq '/stop') { $context.Response.Close(); break }
                    $buffer = [System.IO.MemoryStream]::new()
                    $context.Request.InputStream.CopyTo($buffer)
                    $mac = [System.Security.Cryptography.HMACSHA256]::HashData($key, $buffer.ToArray())
                    $expected = [System.Text.Encoding]::ASCII.GetBytes('sha256=' + [Convert]::ToHexString($mac).ToLowerInvariant())
                    $given = $context.Request.Headers['X-Hub-Signature-256']
                    $id = $context.Request.Headers['X-GitHub-Delivery']
                    $valid = $given -and [System.Security.Cryptography.CryptographicOperations]::FixedTimeEquals(
                        [System.Text.Encoding]::ASCII.GetBytes($given), $expected)
                    $context.Response.StatusCode = if (-not $valid) { 401 } elseif (-not $noReplayCache -and -not $seen.Add($id)) { 409 } else { 200 }
                    $context.Response.Close()
                }
            }
            finally { $listener.Stop() }
        }
        $deadline = (Get-Date).AddSeconds(10)
        while ((Get-Date) -lt $deadline) {
            try { $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port); $client.Dispose(); return $job } catch { Start-Sleep -Milliseconds 100 }
        }
        throw "The test receiver did not listen on 127.0.0.1:$Port."
    }

    function Stop-Receiver($Job, [int] $Port) {
        try { Invoke-WebRequest -Method Post -Uri "http://127.0.0.1:$Port/stop" -TimeoutSec 5 | Out-Null } catch { }
        Remove-Job -Job $Job -Force
    }

    $secretText = 'pester-receiver-secret-4Fq9Zt2Lm7Xw'
    $secret = ConvertTo-SecureString $secretText -AsPlainText -Force
}

Describe 'Test-WebhookReplay' {
    Context 'a correct GitHub receiver' {
        BeforeAll {
            $port = Get-FreePort
            $job = Start-GitHubReceiver -Port $port -Secret $secretText
            $uri = "http://127.0.0.1:$port/hook"
        }
        AfterAll { Stop-Receiver $job $port }

        It 'returns one CheckResult per probe, none Failed, and never the secret' {
            $results = @(Test-WebhookReplay -Uri $uri -Scheme github -Secret $secret)
            $results.Count | Should -Be 7
            $results[0] | Should -BeOfType ([Readiness.CheckResult])
            $results.Id | Should -Be @('webhook.valid', 'webhook.replay', 'webhook.stale', 'webhook.future', 'webhook.tampered', 'webhook.wrong-secret', 'webhook.unsigned')
            @($results | Where-Object Status -in 'Failed', 'Error').Count | Should -Be 0
            ($results | Where-Object Id -eq 'webhook.stale').Status | Should -Be ([Readiness.CheckStatus]::Skipped)
            ($results | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($secretText))
        }

        It 'returns $true with -Quiet, also on a second run (fresh delivery ids)' {
            Test-WebhookReplay -Uri $uri -Secret $secret -Quiet | Should -Be $true
            Test-WebhookReplay -Uri $uri -Secret $secret -Quiet | Should -Be $true
        }

        It 'composes: Test-WebhookReplay | Get-ReadinessReport' {
            $report = Test-WebhookReplay -Uri $uri -Secret $secret | Get-ReadinessReport
            $report.Decision | Should -Be ([Readiness.Decision]::Go)
        }
    }

    Context 'a receiver without a replay cache' {
        BeforeAll {
            $port = Get-FreePort
            $job = Start-GitHubReceiver -Port $port -Secret $secretText -NoReplayCache
        }
        AfterAll { Stop-Receiver $job $port }

        It 'fails exactly the replay probe, naming the flaw' {
            $results = @(Test-WebhookReplay -Uri "http://127.0.0.1:$port/hook" -Secret $secret)
            $failed = @($results | Where-Object Status -eq Failed)
            $failed.Count | Should -Be 1
            $failed[0].Id | Should -Be 'webhook.replay'
            $failed[0].Message | Should -Match 'no replay cache'
            Test-WebhookReplay -Uri "http://127.0.0.1:$port/hook" -Secret $secret -Quiet | Should -Be $false
        }
    }

    It 'reports Error, not a pass, when nothing listens' {
        $port = Get-FreePort
        $results = @(Test-WebhookReplay -Uri "http://127.0.0.1:$port/hook" -Secret $secret -TimeoutSeconds 2)
        @($results | Where-Object Status -ne 'Error').Count | Should -Be 0
        Test-WebhookReplay -Uri "http://127.0.0.1:$port/hook" -Secret $secret -Quiet | Should -Be $false
    }

    It 'fails with a clear error when the secret variable is not set' {
        { Test-WebhookReplay -Uri 'http://127.0.0.1:1/hook' -SecretEnvironmentVariable READINESS_PESTER_NOT_SET } |
            Should -Throw -ExpectedMessage '*READINESS_PESTER_NOT_SET*not set*'
    }
}
