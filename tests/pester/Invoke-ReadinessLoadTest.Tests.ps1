BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Invoke-ReadinessLoadTest' {
    BeforeAll {
        # A tiny local HTTP server: pwsh's HttpListener on a free loopback port, answering 200 until stopped.
        $port = Get-FreePort
        $uri = "http://127.0.0.1:$port/"
        $listener = [System.Net.HttpListener]::new(); $listener.Prefixes.Add($uri); $listener.Start()
        $job = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
            param($l)
            while ($l.IsListening) {
                try { $c = $l.GetContext(); $c.Response.StatusCode = 200; $c.Response.Close() } catch { break }
            }
        }
    }
    AfterAll {
        # Close alone (Stop first rebinds the port on close), then let the serving job see it end before removing it.
        $listener.Close(); $job | Wait-Job -Timeout 10 | Out-Null; $job | Remove-Job -Force
    }

    It 'writes a summary and a passing CheckResult for a healthy endpoint' {
        $out = Invoke-ReadinessLoadTest -Uri $uri -Requests 50 -Connections 2 -Threshold 'errors<1%' -Confirm:$false
        $summary = $out | Where-Object { $_ -is [Readiness.LoadTestResult] }
        $result = $out | Where-Object { $_ -is [Readiness.CheckResult] }
        $summary.Requests | Should -Be 50
        $summary.Errors | Should -Be 0
        $result.Status | Should -Be 'Passed'
    }

    It 'sends nothing with -WhatIf' {
        $out = Invoke-ReadinessLoadTest -Uri $uri -Requests 50 -WhatIf
        $out | Should -BeNullOrEmpty
    }

    It 'fails a latency threshold that cannot hold and names it' {
        $result = Invoke-ReadinessLoadTest -Uri $uri -Requests 20 -Threshold 'max<1us' -Confirm:$false |
            Where-Object { $_ -is [Readiness.CheckResult] }
        $result.Status | Should -Be 'Failed'
        $result.Message | Should -BeLike '*broke max<1us*'
    }

    It 'rejects a malformed threshold with a terminating error' {
        { Invoke-ReadinessLoadTest -Uri $uri -Requests 1 -Threshold 'p95<<5' -Confirm:$false } | Should -Throw '*not understood*'
    }

    It 'pipes its summary and result into Get-ReadinessReport' {
        $report = Invoke-ReadinessLoadTest -Uri $uri -Requests 20 -Connections 2 -Threshold 'errors<1%' -Confirm:$false | Get-ReadinessReport
        $report | Should -BeOfType ([Readiness.ReadinessReport])
        $report.Results.Count | Should -Be 1
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'names the request timeout -TimeoutSec and still takes the old TimeSpan -Timeout' {
        (Get-Command Invoke-ReadinessLoadTest).Parameters['TimeoutSec'].Aliases | Should -Contain 'Timeout'
        $out = Invoke-ReadinessLoadTest -Uri $uri -Requests 5 -Connections 1 -Timeout ([timespan]::FromSeconds(5)) -Confirm:$false
        ($out | Where-Object { $_ -is [Readiness.LoadTestResult] }).Requests | Should -Be 5
    }

    It 'fails a blackhole within about the request timeout, names it, and shows no made-up percentiles' {
        # Accepts connections and never answers.
        $hole = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $hole.Start(100)
        try {
            $holeUri = "http://127.0.0.1:$($hole.LocalEndpoint.Port)/"
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $out = Invoke-ReadinessLoadTest -Uri $holeUri -Requests 100 -Connections 1 -TimeoutSec 2 -Confirm:$false
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 60
            $summary = $out | Where-Object { $_ -is [Readiness.LoadTestResult] }
            $result = $out | Where-Object { $_ -is [Readiness.CheckResult] }
            $result.Status | Should -Be 'Failed'
            $result.Message | Should -BeLike '*no request was answered within the 2 s timeout*'
            $summary.P95Ms | Should -BeNullOrEmpty
            $summary.P99Ms | Should -BeNullOrEmpty
            ($summary | Format-Table | Out-String) | Should -BeLike '*none*'
        }
        finally { $hole.Stop() }
    }

    It 'is an Error after one connection attempt when nothing listens' {
        $closedPort = Get-FreePort
        $result = Invoke-ReadinessLoadTest -Uri "http://127.0.0.1:$closedPort/" -Connections 64 -Duration ([timespan]::FromSeconds(30)) -Confirm:$false |
            Where-Object { $_ -is [Readiness.CheckResult] }
        $result.Status | Should -Be 'Error'
        $result.Message | Should -BeLike '*after one connection attempt; no load was sent*'
    }
}
