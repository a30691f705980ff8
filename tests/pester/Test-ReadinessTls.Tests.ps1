BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Test-ReadinessTls' {
    BeforeAll {
        # A local TLS 1.2-only endpoint with a self-signed certificate made here.
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("readiness-pester-tls-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir, "$dir/logs" | Out-Null
        & openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/server.key" -out "$dir/server.crt" -days 90 `
            -subj '/CN=localhost' -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' 2>$null
        $port = Get-FreePort
        @"
daemon off; master_process off; worker_processes 1; pid $dir/nginx.pid; error_log $dir/logs/error.log warn;
events { worker_connections 64; }
http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p; fastcgi_temp_path $dir/f; uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;
  server { listen 127.0.0.1:$port ssl; ssl_certificate $dir/server.crt; ssl_certificate_key $dir/server.key; ssl_protocols TLSv1.2;
           location / { return 200 'ok'; } } }
"@ | Set-Content "$dir/nginx.conf"
        $nginx = Start-Process nginx -ArgumentList '-p', $dir, '-c', "$dir/nginx.conf", '-e', "$dir/logs/error.log" -PassThru
        Start-Sleep -Milliseconds 500
        $uri = "https://localhost:$port/"
    }
    AfterAll { if ($nginx) { Stop-Process -Id $nginx.Id -ErrorAction SilentlyContinue }; Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }

    It 'fails the protocols decision of a TLS 1.2-only server' {
        $result = Test-ReadinessTls -Uri $uri | Where-Object Id -eq 'tls.protocols'
        $result.Status | Should -Be 'Failed'
        $result.Message | Should -Be "TLS 1.3 is not offered by localhost:${port}; enable it."
    }

    It 'fails trust of a self-signed certificate and passes it with its own certificate as the CA' {
        (Test-ReadinessTls -Uri $uri | Where-Object Id -eq 'tls.certificate-chain').Status | Should -Be 'Failed'
        (Test-ReadinessTls -Uri $uri -CaCertificate "$dir/server.crt" | Where-Object Id -eq 'tls.certificate-chain').Status | Should -Be 'Passed'
    }

    It 'pipes URIs and returns one result per decision each' {
        ($uri, $uri | Test-ReadinessTls | Measure-Object).Count | Should -Be 12
    }
}
