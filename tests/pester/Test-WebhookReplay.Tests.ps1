BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"

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

    Context '-WhatIf and -Confirm: the deliveries are real, so they are confirmable' {
        BeforeAll {
            . "$PSScriptRoot/Readiness.ChildPwsh.ps1"
            # Records every request, so "sends nothing" is measured rather than inferred from the output.
            $hits = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
            $countingPort = Get-FreePort
            $listener = [System.Net.HttpListener]::new(); $listener.Prefixes.Add("http://127.0.0.1:$countingPort/"); $listener.Start()
            $server = Start-ThreadJob -ArgumentList $listener, $hits -ScriptBlock {
                param($l, $q)
                while ($l.IsListening) {
                    try { $c = $l.GetContext(); $q.Enqueue($c.Request.Url.AbsolutePath); $c.Response.StatusCode = 401; $c.Response.Close() } catch { break }
                }
            }
            $countingUri = "http://127.0.0.1:$countingPort/hook"
        }
        AfterAll {
        # Close alone (Stop first rebinds the port on close), then let the serving job see it end before removing it.
        $listener.Close(); $server | Wait-Job -Timeout 10 | Out-Null; $server | Remove-Job -Force
    }
        BeforeEach { $hits.Clear() }

        It 'sends no delivery and writes nothing with -WhatIf (also with -Quiet)' {
            Test-WebhookReplay -Uri $countingUri -Secret $secret -WhatIf | Should -BeNullOrEmpty
            Test-WebhookReplay -Uri $countingUri -Secret $secret -WhatIf -Quiet | Should -BeNullOrEmpty
            $hits.Count | Should -Be 0
        }

        It 'prints what it would send in real pwsh' {
            $module = (Resolve-Path "$PSScriptRoot/../../out/Readiness/Readiness.psd1").Path
            $run = Invoke-ChildPwsh -Script @"
Import-Module '$module' -Force
Test-WebhookReplay -Uri '$countingUri' -Secret (ConvertTo-SecureString 'x-secret-for-whatif' -AsPlainText -Force) -Probe valid, replay -WhatIf
"@
            $run.Output | Should -Match ([regex]::Escape("What if: Performing the operation `"Send signed github webhook deliveries for 2 probe(s): valid, replay`" on target `"$countingUri`"."))
            $hits.Count | Should -Be 0
        }

        It 'sends the deliveries with -Confirm:$false, and -Confirm answered "n" sends none' {
            @(Test-WebhookReplay -Uri $countingUri -Secret $secret -Confirm:$false).Count | Should -Be 7
            $hits.Count | Should -BeGreaterThan 0
            $hits.Clear()
            $module = (Resolve-Path "$PSScriptRoot/../../out/Readiness/Readiness.psd1").Path
            $run = Invoke-ChildPwsh -Answer 'n' -Script @"
Import-Module '$module' -Force
'COUNT ' + @(Test-WebhookReplay -Uri '$countingUri' -Secret (ConvertTo-SecureString 'x-secret-for-confirm' -AsPlainText -Force) -Confirm).Count
"@
            $run.Output | Should -Match 'Are you sure you want to perform this action\?'
            $run.Output | Should -Match 'COUNT 0'
            $hits.Count | Should -Be 0
        }

        It 'is ConfirmImpact Medium: no prompt at the default $ConfirmPreference' {
            [System.Management.Automation.CommandMetadata]::new((Get-Command Test-WebhookReplay)).ConfirmImpact | Should -Be 'Medium'
        }
    }
}
