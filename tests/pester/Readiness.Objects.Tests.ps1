BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

# What a pwsh user does with the objects beyond the views: JSON, CSV, filters on severity.
Describe 'Readiness objects in pwsh' {
    BeforeAll {
        $report = Get-ReadinessReport -Checklist (New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'run'))
    }

    Context 'ConvertTo-Json' {
        It 'round-trips a report through ConvertFrom-Json with status names and counts' {
            $back = $report | ConvertTo-Json -Depth 5 | ConvertFrom-Json
            $back.Decision | Should -Be 'NoGo'
            @($back.Results.Id) | Should -Be @('config.region', 'config.mode', 'signoff.sre')
            @($back.Results.Status) | Should -Be @('Passed', 'Failed', 'Manual')
            @($back.Results.Severity) | Should -Be @('Medium', 'High', 'High')
            @($back.Counts.PSObject.Properties.Name) | Should -Be @('Passed', 'Failed', 'Warning', 'Error', 'Skipped', 'Manual', 'Attested', 'Waived')
            $back.Counts.Passed | Should -Be 1
            $back.Counts.Failed | Should -Be 1
            $back.Counts.Manual | Should -Be 1
            $back.Counts.Error | Should -Be 0
        }

        It 'writes a result''s Status and Severity as names and its Evidence as an object' {
            $result = $report.Results | Where-Object Id -EQ 'config.region'
            $json = $result | ConvertTo-Json -Compress
            $json | Should -BeLike '*"Status":"Passed"*'
            $json | Should -BeLike '*"Severity":"Medium"*'
            $json | Should -BeLike '*"Evidence":{"source":".env","value":"eu-west-1"}*'
        }
    }

    Context 'Counts' {
        It 'reads a count by property and by status' {
            $report.Counts.Failed | Should -Be 1
            $report.Counts.Waived | Should -Be 0
            $report.Counts[[Readiness.CheckStatus]::Manual] | Should -Be 1
            "$($report.Counts)" | Should -Be 'Passed: 1, Failed: 1, Manual: 1'
        }
    }

    Context 'Export-Csv' {
        It 'writes Evidence as key=value pairs and statuses and severities as names' {
            $csv = Join-Path $TestDrive 'results.csv'
            $report.Results | Export-Csv -LiteralPath $csv
            $rows = @(Import-Csv -LiteralPath $csv)
            @($rows.Status) | Should -Be @('Passed', 'Failed', 'Manual')
            @($rows.Severity) | Should -Be @('Medium', 'High', 'High')
            $rows[0].Evidence | Should -Be 'source=.env; value=eu-west-1'
            $rows[2].Evidence | Should -Be 'approvers=SRE'
        }

        It 'writes a report''s counts and results as text, not .NET type names' {
            $csv = Join-Path $TestDrive 'report.csv'
            $report | Export-Csv -LiteralPath $csv
            $row = Import-Csv -LiteralPath $csv
            $row.Decision | Should -Be 'NoGo'
            $row.Counts | Should -Be 'Passed: 1, Failed: 1, Manual: 1'
            $row.Results | Should -BeLike 'Passed config.region: *; Failed config.mode: *; Manual signoff.sre: *'
        }
    }

    Context 'Severity order' {
        It 'Where-Object Severity -ge High keeps High and Critical only' {
            $all = 'Critical', 'Info', 'High', 'Low', 'Medium' | ForEach-Object { [Readiness.CheckResult]@{ Id = $_; Severity = $_ } }
            @($all | Where-Object Severity -GE High | ForEach-Object Id) | Should -Be @('Critical', 'High')
            @($all | Where-Object Severity -LT Medium | ForEach-Object Id) | Should -Be @('Info', 'Low')
            @($all | Sort-Object Severity -Descending | ForEach-Object Id) | Should -Be @('Critical', 'High', 'Medium', 'Low', 'Info')
        }

        It 'filters a real run the same way' {
            @($report.Results | Where-Object Severity -GE High | ForEach-Object Id) | Should -Be @('config.mode', 'signoff.sre')
        }
    }

    Context 'Other output types' {
        It 'New-WebhookSignature output keeps its headers readable in JSON and CSV' {
            $secret = ConvertTo-SecureString 'pester-secret' -AsPlainText -Force
            $signature = New-WebhookSignature -Payload '{}' -Scheme github -Secret $secret -DeliveryId 'd1'
            ($signature | ConvertTo-Json | ConvertFrom-Json).Headers.'X-GitHub-Delivery' | Should -Be 'd1'
            $row = $signature | ConvertTo-Csv | ConvertFrom-Csv
            $row.Headers | Should -BeLike 'X-GitHub-Delivery=d1; X-GitHub-Event=*; X-Hub-Signature-256=sha256=*'
        }

        It '<Name> survives ConvertTo-Json -Depth 5 and Export-Csv with names and text' -ForEach @(
            @{ Name = 'LoadTestResult'; Json = '"ErrorsByKind":{"5xx":2}'; Csv = 'p95<50ms: 63ms broken'; Make = {
                    $o = [Readiness.LoadTestResult]@{ Target = 'http://127.0.0.1:1/'; Requests = 10 }
                    $o.ErrorsByKind['5xx'] = 2
                    $o.Thresholds.Add([Readiness.ThresholdOutcome]@{ Threshold = 'p95<50ms'; Measured = '63ms'; Passed = $false })
                    $o } }
            @{ Name = 'BackupRestoreResult'; Json = '"Decision":"Conditional"'; Csv = 'Failed backup.freshness: too old'; Make = {
                    $o = [Readiness.BackupRestoreResult]@{ Backend = 'postgres'; Decision = 'Conditional' }
                    $o.Steps.Add([Readiness.CheckResult]@{ Id = 'backup.freshness'; Status = 'Failed'; Severity = 'Critical'; Message = 'too old' })
                    $o } }
            @{ Name = 'ReportComparison'; Json = '"Kind":"Regression"'; Csv = 'Regression tls.expiry: expires soon'; Make = {
                    $o = [Readiness.ReportComparison]@{ OldDecision = 'Go'; NewDecision = 'NoGo' }
                    $o.Changes.Add([Readiness.ItemChange]@{ Kind = 'Regression'; Id = 'tls.expiry'; OldStatus = 'Passed'; NewStatus = 'Failed'; Message = 'expires soon' })
                    $o } }
            @{ Name = 'EvidenceBundleInfo'; Json = '"Decision":"Go"'; Csv = 'report.json; manifest.json'; Make = {
                    $o = [Readiness.EvidenceBundleInfo]@{ Path = '/tmp/e.zip'; Decision = 'Go' }
                    $o.Files.Add('report.json'); $o.Files.Add('manifest.json')
                    $o } }
            @{ Name = 'Waiver'; Json = '"State":"Active"'; Csv = 'headers.csp'; Make = {
                    $o = [Readiness.Waiver]@{ Item = 'headers.*'; State = 'Active'; Expires = [datetimeoffset]'2026-12-31T00:00:00Z' }
                    $o.AppliedTo.Add('headers.csp')
                    $o } }
            @{ Name = 'Attestation'; Json = '"By":"ana"'; Csv = 'attest'; Make = {
                    [Readiness.Attestation]@{ ItemId = 'signoff.sre'; By = 'ana'; At = [datetimeoffset]'2026-12-01T00:00:00Z' } } }
        ) {
            $o = & $Make
            $o | ConvertTo-Json -Depth 5 -Compress | Should -BeLike "*$([WildcardPattern]::Escape($Json))*"
            $line = $o | ConvertTo-Csv | Select-Object -Last 1
            $line | Should -Not -Match 'System\.(Collections|Linq)'
            $line | Should -BeLike "*$([WildcardPattern]::Escape($Csv))*"
        }
    }
}
