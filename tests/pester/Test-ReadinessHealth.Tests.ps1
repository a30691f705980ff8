BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'Test-ReadinessHealth' {
    It 'gives Error, not a hang, when nothing listens' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $r = Test-ReadinessHealth -Uri "http://127.0.0.1:$port/health" -TimeoutSeconds 2
        $r.Status | Should -Be 'Error'
    }

    It 'gives Error for Redis that is down and never prints the password' {
        $env:READINESS_PESTER_REDIS_PW = 'pester-secret-' + [guid]::NewGuid().ToString('N')
        try {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $r = Test-ReadinessHealth -Redis "127.0.0.1:$port" -PasswordVariable READINESS_PESTER_REDIS_PW -TimeoutSeconds 2
            $r.Status | Should -Be 'Error'
            ($r | ConvertTo-Json -Depth 5) | Should -Not -BeLike "*$($env:READINESS_PESTER_REDIS_PW)*"
        } finally { Remove-Item Env:READINESS_PESTER_REDIS_PW }
    }

    It 'returns a boolean with -Quiet' {
        Test-ReadinessHealth -Uri 'http://127.0.0.1:1/health' -TimeoutSeconds 1 -Quiet | Should -Be $false
    }
}
