BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Get-ReadinessReport' {
    BeforeAll {
        $checklist = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'run')
    }

    It 'runs a checklist file and returns a NoGo report naming the failed item' {
        $report = Get-ReadinessReport -Checklist $checklist
        $report | Should -BeOfType ([Readiness.ReadinessReport])
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
        $report.DecisionReason | Should -Match 'config\.mode'
        $report.Count('Passed') | Should -Be 1
        $report.Count('Failed') | Should -Be 1
        $report.Count('Manual') | Should -Be 1
        $report.Results.Id | Should -Be @('config.region', 'config.mode', 'signoff.sre')
    }

    It 'composes: Import-ReadinessChecklist | Get-ReadinessReport' {
        $report = Import-ReadinessChecklist -Path $checklist | Get-ReadinessReport
        $report.ChecklistName | Should -Be 'pester'
        $report.Results.Count | Should -Be 3
    }

    It 'composes: Get-ReadinessReport -ResultsOnly | Where-Object Status -eq Failed' {
        $failed = @(Get-ReadinessReport -Checklist $checklist -ResultsOnly | Where-Object Status -eq Failed)
        $failed.Count | Should -Be 1
        $failed[0].Id | Should -Be 'config.mode'
        $failed[0] | Should -BeOfType ([Readiness.CheckResult])
        $failed[0].Message | Should -Match 'MODE'
    }

    It 'aggregates CheckResult objects piped in' {
        $results = Get-ReadinessReport -Checklist $checklist -ResultsOnly | Where-Object Status -ne Manual
        $report = $results | Get-ReadinessReport
        $report.ChecklistName | Should -Be 'ad-hoc'
        $report.Results.Count | Should -Be 2
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
    }

    It 'applies -Variable, -Section and -Id' {
        $good = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'vars') -Mode 'production'
        $report = Get-ReadinessReport -Checklist $good -Section Config
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
        (Get-ReadinessReport -Checklist $checklist -Id config.region).Results.Count | Should -Be 1
        $redirected = Get-ReadinessReport -Checklist $checklist -Variable @{ envFile = (Join-Path $TestDrive 'vars/.env') } -Section Config
        $redirected.Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'reruns only the failed items of a previous JSON report with -OnlyFailedFrom' {
        $previous = Join-Path $TestDrive 'previous.json'
        Get-ReadinessReport -Checklist $checklist | Export-ReadinessReport -Format json -Path $previous
        $rerun = Get-ReadinessReport -Checklist $checklist -OnlyFailedFrom $previous
        $rerun.Results.Id | Should -Be @('config.mode')
        $green = Join-Path $TestDrive 'green.json'
        $good = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'green') -Mode 'production'
        Get-ReadinessReport -Checklist $good -Section Config | Export-ReadinessReport -Format json -Path $green
        { Get-ReadinessReport -Checklist $checklist -OnlyFailedFrom $green } |
            Should -Throw -ErrorId 'ChecklistSelectionEmpty,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }

    It 'is a terminating error when the selection is empty' {
        { Get-ReadinessReport -Checklist $checklist -Section NoSuchSection } |
            Should -Throw -ErrorId 'ChecklistSelectionEmpty,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }

    It 'is a terminating error naming the line when the checklist is malformed' {
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content -LiteralPath $bad -Value "schemaVersion: 1`nname: bad`nitems:`n  - id: x`n    severity: nope" -Encoding utf8NoBOM
        { Get-ReadinessReport -Checklist $bad } | Should -Throw -ErrorId 'ChecklistInvalid,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }

    Context 'items that load or change the target ask first: -WhatIf, -Confirm, $ConfirmPreference' {
        BeforeAll {
            . "$PSScriptRoot/Readiness.ChildPwsh.ps1"
            # A loopback HttpListener that records the path of every request, so "sends nothing" is measured.
            $hits = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
            $port = Get-FreePort
            $listener = [System.Net.HttpListener]::new(); $listener.Prefixes.Add("http://127.0.0.1:$port/"); $listener.Start()
            $server = Start-ThreadJob -ArgumentList $listener, $hits -ScriptBlock {
                param($l, $q)
                while ($l.IsListening) {
                    try { $c = $l.GetContext(); $q.Enqueue($c.Request.Url.AbsolutePath); $c.Response.StatusCode = 200; $c.Response.Close() } catch { break }
                }
            }
            function Get-Hits([string] $Path) { @($hits.ToArray() | Where-Object { $_ -eq $Path }).Count }

            $folder = Join-Path $TestDrive 'changing'
            $null = New-Item -ItemType Directory -Path $folder -Force
            Set-Content -LiteralPath (Join-Path $folder '.env') -Value 'REGION=eu-west-1' -Encoding utf8NoBOM
            $changing = Join-Path $folder 'changing.yaml'
            Set-Content -LiteralPath $changing -Encoding utf8NoBOM -Value @"
schemaVersion: 1
name: changing
items:
  - id: config.region
    section: Config
    title: REGION is set.
    severity: medium
    check: { type: env, source: dotenv, file: .env, name: REGION }
  - id: perf.load
    section: Load
    title: Holds 20 requests.
    severity: high
    check: { type: load, url: "http://127.0.0.1:$port/load", connections: 2, requests: 20, thresholds: [ "errors<1%" ] }
  - id: security.burst
    section: Rate limiting
    title: Bursts are limited.
    severity: medium
    check: { type: rate-limit, url: "http://127.0.0.1:$port/burst", limit: 3, tolerance: 0 }
"@
            $module = (Resolve-Path "$PSScriptRoot/../../out/Readiness/Readiness.psd1").Path
            # The child prints its results as one JSON line after RESULT, whatever the host printed before.
            function Invoke-ChildReport([string] $Arguments, [string[]] $Answer = @(), [switch] $NonInteractive) {
                $run = Invoke-ChildPwsh -Answer $Answer -NonInteractive:$NonInteractive -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module' -Force
`$report = Get-ReadinessReport -Checklist '$changing' -Parallel 1 $Arguments
'RESULT ' + (@(`$report.Results | ForEach-Object { @{ Id = `$_.Id; Status = "`$(`$_.Status)"; Message = `$_.Message } }) | ConvertTo-Json -Compress)
"@
                $line = ($run.Output -split "`r?`n" | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1)
                if (-not $line) { throw "The child pwsh wrote no result (exit $($run.ExitCode)):`n$($run.Output)" }
                $results = @{}
                foreach ($r in ($line.Substring(7) | ConvertFrom-Json)) { $results[$r.Id] = $r }
                [pscustomobject]@{ Output = $run.Output; Results = $results }
            }
        }
        AfterAll {
        # Close alone (Stop first rebinds the port on close), then let the serving job see it end before removing it.
        $listener.Close(); $server | Wait-Job -Timeout 10 | Out-Null; $server | Remove-Job -Force
    }
        BeforeEach { $hits.Clear() }

        It '-WhatIf skips the load and burst items with a message saying so, sends them nothing, and still runs read-only items' {
            $report = Get-ReadinessReport -Checklist $changing -WhatIf
            $byId = @{}; foreach ($r in $report.Results) { $byId[$r.Id] = $r }
            $byId['config.region'].Status | Should -Be ([Readiness.CheckStatus]::Passed)
            foreach ($id in 'perf.load', 'security.burst') {
                $byId[$id].Status | Should -Be ([Readiness.CheckStatus]::Skipped)
                $byId[$id].Message | Should -BeLike 'Not run: -WhatIf was given. Nothing was sent to http://127.0.0.1:*'
            }
            $report.Decision | Should -Be ([Readiness.Decision]::Conditional)
            $report.DecisionReason | Should -Match 'not run \(not confirmed\)'
            $hits.Count | Should -Be 0
        }

        It '-WhatIf prints a "What if:" line per changing item in real pwsh' {
            $run = Invoke-ChildReport '-WhatIf'
            $run.Output | Should -Match ([regex]::Escape('What if: Performing the operation "Send load: closed model, 2 connections 20 requests" on target "perf.load: http://127.0.0.1:' + $port + '/load".'))
            $run.Output | Should -Match ([regex]::Escape('What if: Performing the operation "Send a burst of up to 3 requests, past the rate limit" on target "security.burst: http://127.0.0.1:' + $port + '/burst".'))
            @($run.Output -split "`r?`n" | Where-Object { $_ -like 'What if:*' }).Count | Should -Be 2
            $hits.Count | Should -Be 0
        }

        It '-Confirm:$false runs every item without asking' {
            $report = Get-ReadinessReport -Checklist $changing -Confirm:$false
            ($report.Results | Where-Object Id -eq 'perf.load').Status | Should -Be ([Readiness.CheckStatus]::Passed)
            Get-Hits '/load' | Should -BeGreaterOrEqual 20
            Get-Hits '/burst' | Should -BeGreaterThan 0
        }

        It 'at the default $ConfirmPreference (High) asks before load only, and a "No" sends it nothing' {
            $run = Invoke-ChildReport '' -Answer 'n'
            ([regex]::Matches($run.Output, 'Are you sure you want to perform this action\?')).Count | Should -Be 1
            $run.Output | Should -Match 'Send load: closed model'
            $run.Results['perf.load'].Status | Should -Be 'Skipped'
            $run.Results['perf.load'].Message | Should -BeLike 'Not run: the confirmation was declined.*'
            $run.Results['security.burst'].Status | Should -Not -Be 'Skipped'
            Get-Hits '/load' | Should -Be 0
            Get-Hits '/burst' | Should -BeGreaterThan 0
        }

        It '-Confirm asks per item and honours each answer' {
            $run = Invoke-ChildReport '-Confirm' -Answer 'n', 'y'
            ([regex]::Matches($run.Output, 'Are you sure you want to perform this action\?')).Count | Should -Be 2
            $run.Results['perf.load'].Status | Should -Be 'Skipped'
            $run.Results['security.burst'].Status | Should -Not -Be 'Skipped'
            $run.Results['config.region'].Status | Should -Be 'Passed'
            Get-Hits '/load' | Should -Be 0
            Get-Hits '/burst' | Should -BeGreaterThan 0
        }

        It 'in pwsh -NonInteractive (CI) load is refused with a message naming -Confirm:$false instead of failing the run' {
            $run = Invoke-ChildReport '' -NonInteractive
            $run.Results['perf.load'].Status | Should -Be 'Skipped'
            $run.Results['perf.load'].Message | Should -Match 'non-interactive; pass -Confirm:\$false to run it'
            $run.Output | Should -Match 'WARNING: perf.load was not run'
            $run.Results['security.burst'].Status | Should -Not -Be 'Skipped'
            Get-Hits '/load' | Should -Be 0
        }

        It 'in pwsh -NonInteractive with -Confirm:$false everything runs' {
            $run = Invoke-ChildReport '-Confirm:$false' -NonInteractive
            $run.Results['perf.load'].Status | Should -Be 'Passed'
            Get-Hits '/load' | Should -BeGreaterOrEqual 20
        }
    }
}

Describe 'Get-ReadinessReport binding' {
    BeforeAll {
        $checklist = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'binding/checklist')
        $caller = Join-Path $TestDrive 'binding/caller'
        $null = New-Item -ItemType Directory -Path $caller -Force
        Set-Content -LiteralPath (Join-Path $caller 'ready.env') -Value "MODE=production`nREGION=eu-west-1" -Encoding utf8NoBOM
        # Numbered like the auth service's shipped checklist (seed 001): "9.1 Backups"; manual items, so nothing is probed.
        $authService = Join-Path $TestDrive 'binding/numbered.yaml'
        $items = foreach ($section in '1.1 Secrets Management', '9.1 Backups', '9.2 High Availability', '10.1 Approvals') {
            $id = ($section -replace '^[0-9.]+ ', '').ToLowerInvariant() -replace ' ', '-'
            "  - id: s.$id`n    section: $section`n    title: $section`n    severity: low`n    manual: { approvers: [SRE] }"
        }
        Set-Content -LiteralPath $authService -Encoding utf8NoBOM -Value ("schemaVersion: 1`nname: numbered`nitems:`n" + ($items -join "`n"))
    }
    AfterEach { Pop-Location -ErrorAction SilentlyContinue }

    It 'resolves a relative path in -Variable against the PowerShell location, not the checklist folder' {
        Push-Location $caller
        [Environment]::CurrentDirectory | Should -Not -Be $caller
        $report = Get-ReadinessReport -Checklist ../checklist/pester.yaml -Variable @{ envFile = './ready.env' } -Section Config
        $report.Results.Status | Should -Be @('Passed', 'Passed')
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'still resolves a path written in the checklist against its folder' {
        Push-Location $caller
        (Get-ReadinessReport -Checklist ../checklist/pester.yaml -Id config.region).Results[0].Status | Should -Be 'Passed'
    }

    It 'selects a section by its number, and a chapter number selects its subsections' {
        (Get-ReadinessReport -Checklist $authService -Section '9.1' -ResultsOnly).Section | Should -Be @('9.1 Backups')
        (Get-ReadinessReport -Checklist $authService -Section '1' -ResultsOnly).Section | Should -Be @('1.1 Secrets Management')
        $chapter = (Get-ReadinessReport -Checklist $authService -Section '9' -ResultsOnly).Section | Sort-Object -Unique
        $chapter | Should -Be @('9.1 Backups', '9.2 High Availability')
    }

    It 'selects sections with wildcards' {
        (Get-ReadinessReport -Checklist $authService -Section '1*Secrets*', '*Avail*' -ResultsOnly).Section | Should -Be @('1.1 Secrets Management', '9.2 High Availability')
        (Get-ReadinessReport -Checklist $checklist -Section 'conf*').Results.Id | Should -Be @('config.region', 'config.mode')
    }

    It 'names the sections that exist when nothing matches' {
        $thrown = { Get-ReadinessReport -Checklist $checklist -Section '9.9' } | Should -Throw -PassThru -ErrorId 'ChecklistSelectionEmpty,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.Exception.Message | Should -BeLike "*matches '9.9'*'Config', 'Sign-off'*"
    }

    It 'is an ObjectNotFound error for a checklist file that does not exist' {
        $thrown = { Get-ReadinessReport -Checklist ./nope.yaml } | Should -Throw -PassThru -ErrorId 'PathNotFound,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
        $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'takes -TimeoutSec in seconds, the old -TimeoutSeconds and a TimeSpan through -Timeout' {
        (Get-Command Get-ReadinessReport).Parameters['TimeoutSec'].Aliases | Should -Be @('TimeoutSeconds', 'Timeout')
        (Get-ReadinessReport -Checklist $checklist -TimeoutSec 5).Results.Count | Should -Be 3
        (Get-ReadinessReport -Checklist $checklist -Timeout ([timespan]::FromSeconds(5))).Results.Count | Should -Be 3
        { Get-ReadinessReport -Checklist $checklist -TimeoutSec 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }

    It 'completes -Section with the sections of the checklist given by -Checklist' {
        $line = "Get-ReadinessReport -Checklist '$authService' -Section 9"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'9.1 Backups'", "'9.2 High Availability'")
    }

    It 'completes -Id with the ids of the checklist, narrowed by -Section, relative to the PowerShell location' {
        Push-Location (Split-Path $checklist)
        $line = 'Get-ReadinessReport ./pester.yaml -Section Config -Id '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('config.region', 'config.mode')
        $line = 'Get-ReadinessReport ./pester.yaml -Id sign'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('signoff.sre')
    }
}

Describe 'Get-ReadinessReport -AsOf' {
    BeforeAll {
        $auth = Join-Path $PSScriptRoot '../../checklists/auth-service.yaml'
        $backupItems = @('backups.automated-daily', 'database.backups-configured')
    }

    It 'judges the dated sample backups as of the day after the newest, and records it' {
        $report = Get-ReadinessReport $auth -Id $backupItems -AsOf '2026-11-22'
        $report.Results.Status | Should -Be @('Passed', 'Passed')
        $report.AsOf | Should -Be ([datetimeoffset]'2026-11-22T00:00:00+00:00')
        ($report | ConvertTo-Json -Depth 4 | ConvertFrom-Json).AsOf | Should -Not -BeNullOrEmpty
    }

    It 'takes a [datetime] from Get-Date, and a month later the same backups fail' {
        $results = Get-ReadinessReport $auth -Id $backupItems -AsOf (Get-Date -Date '2026-12-21') -ResultsOnly
        $results.Status | Should -Be @('Failed', 'Failed')
        ($results | Where-Object Id -eq 'backups.automated-daily').Message | Should -Match 'days from 2026-11-21 02:00'
    }

    It 'keeps an offset it is given, as the CLI does' {
        $report = Get-ReadinessReport $auth -Id 'backups.automated-daily' -AsOf '2026-11-22T06:00+02:00'
        $report.AsOf.UtcDateTime | Should -Be ([datetime]::new(2026, 11, 22, 4, 0, 0, [DateTimeKind]::Utc))
    }

    It 'refuses text that is not a date at binding time, naming -AsOf and the forms it takes' {
        $err = { Get-ReadinessReport $auth -AsOf 'next tuesday' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
        $err.Exception.Message | Should -Match ([regex]::Escape("-AsOf 'next tuesday' is not a date: give 2026-11-22 or 2026-11-22T06:00:00Z"))
    }
}
