BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Test-ReadinessSecurity' {
    BeforeAll {
        # A local HTTPS endpoint without security headers: nginx with a certificate made here.
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("readiness-pester-sec-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir, "$dir/logs" | Out-Null
        & openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/server.key" -out "$dir/server.crt" -days 90 `
            -subj '/CN=localhost' -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' 2>$null
        $port = Get-FreePort
        @"
daemon off; master_process off; worker_processes 1; pid $dir/nginx.pid; error_log $dir/logs/error.log warn;
events { worker_connections 64; }
http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p; fastcgi_temp_path $dir/f; uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;
  server { listen 127.0.0.1:$port ssl; ssl_certificate $dir/server.crt; ssl_certificate_key $dir/server.key; ssl_protocols TLSv1.2 TLSv1.3;
           location / { return 200 'ok'; } } }
"@ | Set-Content "$dir/nginx.conf"
        $nginx = Start-Process nginx -ArgumentList '-p', $dir, '-c', "$dir/nginx.conf", '-e', "$dir/logs/error.log" -PassThru
        Start-Sleep -Milliseconds 500
        $uri = "https://localhost:$port/"
    }
    AfterAll { if ($nginx) { Stop-Process -Id $nginx.Id -ErrorAction SilentlyContinue }; Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }

    It 'writes one result per decision and fails the missing CSP' {
        $results = Test-ReadinessSecurity -Uri $uri -CaCertificate "$dir/server.crt"
        ($results | Measure-Object).Count | Should -Be 15
        ($results | Where-Object Id -eq 'headers.csp').Status | Should -Be 'Failed'
        ($results | Where-Object Id -eq 'tls.protocols').Status | Should -Be 'Passed'
    }

    It 'returns $false with -Quiet when a decision fails' {
        Test-ReadinessSecurity -Uri $uri -CaCertificate "$dir/server.crt" -Quiet | Should -Be $false
    }
}

Describe 'Test-ReadinessSecurity parameters' {
    It 'rejects an http:// -Uri while binding: the assessment needs the HTTPS address' {
        $thrown = { Test-ReadinessSecurity -Uri 'http://127.0.0.1:1/' } | Should -Throw -PassThru -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.TestReadinessSecurityCmdlet'
        $thrown.Exception.Message | Should -BeLike "*parameter 'Uri'*uses http://; this parameter takes https://*"
        $thrown.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'names its timeout -TimeoutSec with the old -Timeout as an alias' {
        (Get-Command Test-ReadinessSecurity).Parameters['TimeoutSec'].Aliases | Should -Contain 'Timeout'
        (Get-Command Test-ReadinessSecurity).Parameters['TimeoutSec'].ParameterType | Should -Be ([Nullable[int]])
    }
}
