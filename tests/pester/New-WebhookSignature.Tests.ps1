BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'New-WebhookSignature' {
    It 'reproduces GitHub''s documented example' {
        $secret = ConvertTo-SecureString "It's a Secret to Everybody" -AsPlainText -Force
        $signature = New-WebhookSignature -Payload 'Hello, World!' -Scheme github -Secret $secret -DeliveryId 'd1'
        $signature | Should -BeOfType ([Readiness.WebhookSignature])
        $signature.Signature | Should -Be 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'
        $signature.Headers['X-Hub-Signature-256'] | Should -Be $signature.Signature
        $signature.Headers['X-GitHub-Delivery'] | Should -Be 'd1'
        $signature.Body | Should -Be 'Hello, World!'
    }

    It 'reproduces the Standard Webhooks test vector' {
        $secret = ConvertTo-SecureString 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' -AsPlainText -Force
        $signature = New-WebhookSignature -Payload '{"test": 2432232314}' -Scheme standard -Secret $secret `
            -DeliveryId 'msg_p5jXN8AQM9LWM0D4loKWxJek' -Timestamp ([DateTimeOffset]::FromUnixTimeSeconds(1614265330))
        $signature.Signature | Should -Be 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
        $signature.Headers['webhook-timestamp'] | Should -Be '1614265330'
    }

    It 'reads the secret from an environment variable and never returns it' {
        $env:READINESS_PESTER_HOOK_SECRET = 'whsec_test_secret'
        try {
            $signature = New-WebhookSignature -Payload '{"id":"evt_test_webhook","object":"event"}' -Scheme stripe `
                -SecretEnvironmentVariable READINESS_PESTER_HOOK_SECRET -Timestamp ([DateTimeOffset]::FromUnixTimeSeconds(1492774577))
            $signature.Signature | Should -Be 't=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a'
            $signature.DeliveryId | Should -Be 'evt_test_webhook'
            ($signature | ConvertTo-Json -Depth 5) | Should -Not -Match 'whsec_test_secret'
        }
        finally { Remove-Item Env:READINESS_PESTER_HOOK_SECRET }
    }

    It 'signs payloads from the pipeline' {
        $secret = ConvertTo-SecureString 'pipeline-secret-value-0123456789' -AsPlainText -Force
        $signatures = @('{"a":1}', '{"a":2}' | New-WebhookSignature -Scheme github -Secret $secret)
        $signatures.Count | Should -Be 2
        $signatures[0].Signature | Should -Not -Be $signatures[1].Signature
    }

    It 'fails with a clear error when the environment variable is not set' {
        { New-WebhookSignature -Payload '{}' -SecretEnvironmentVariable READINESS_PESTER_NOT_SET } |
            Should -Throw -ExpectedMessage '*READINESS_PESTER_NOT_SET*not set*'
    }
}
