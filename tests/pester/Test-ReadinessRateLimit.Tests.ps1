BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Test-ReadinessRateLimit' {
    BeforeAll {
        # A local endpoint that allows 3 requests and then answers 429 with Retry-After.
        $port = Get-FreePort
        $uri = "http://127.0.0.1:$port/"
        $listener = [System.Net.HttpListener]::new(); $listener.Prefixes.Add($uri); $listener.Start()
        $job = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
            param($l)
            $n = 0
            while ($l.IsListening) {
                try {
                    $c = $l.GetContext(); $n++
                    if ($c.Request.Url.AbsolutePath -eq '/limited' -and $n % 100 -gt 3) {
                        $c.Response.StatusCode = 429; $c.Response.AddHeader('Retry-After', '1')
                    } else { $c.Response.StatusCode = 200 }
                    if ($c.Request.Url.AbsolutePath -eq '/reset') { $n = 100 }
                    $c.Response.Close()
                } catch { break }
            }
        }
    }
    AfterAll {
        # Close alone (Stop first rebinds the port on close), then let the serving job see it end before removing it.
        $listener.Close(); $job | Wait-Job -Timeout 10 | Out-Null; $job | Remove-Job -Force
    }

    It 'passes an endpoint that answers 429 with Retry-After right after its limit' {
        Invoke-WebRequest "${uri}reset" | Out-Null
        $result = Test-ReadinessRateLimit -Uri "${uri}limited" -Limit 3 -Tolerance 1 -Confirm:$false
        $result.Status | Should -Be 'Passed'
        $result.Evidence['retryHeaders'] | Should -Be 'Retry-After: 1'
    }

    It 'returns $false with -Quiet for an endpoint without a limit' {
        Test-ReadinessRateLimit -Uri "${uri}open" -Limit 5 -Quiet -Confirm:$false | Should -Be $false
    }

    It 'sends nothing with -WhatIf and says so in a Skipped result' {
        # Nothing listens on port 9 (discard): a request would be an Error, not the Skipped asserted here.
        $result = Test-ReadinessRateLimit -Uri 'http://127.0.0.1:9/limited' -Limit 3 -WhatIf
        $result.Status | Should -Be 'Skipped'
        $result.Message | Should -BeLike 'Not run: -WhatIf was given. Nothing was sent to http://127.0.0.1:9/limited*'
        Test-ReadinessRateLimit -Uri 'http://127.0.0.1:9/limited' -Limit 3 -WhatIf -Quiet | Should -Be $false
    }
}
