#requires -Version 7.4
<#
.SYNOPSIS
    Runs one Readiness checklist once, writes every requested report from that one run, and gates on the decision:
    the run step of the GitHub Action (action.yml) and of the Azure DevOps template (templates/readiness.yml, which
    runs the copy the installed module ships in ci/).
.DESCRIPTION
    Imports the installed module by name, runs Get-ReadinessReport once (-Confirm:$false: nobody can answer a prompt
    in CI), and renders that report with Export-ReadinessReport into OutputDirectory, one file per format:
    readiness.md, readiness.json, readiness.junit.xml, readiness.sarif, readiness.html. Under GitHub Actions and Azure
    DevOps the module itself writes the job summary and the annotations / logged issues; this script adds what the
    later steps need: on GitHub the step outputs decision, report-directory and one per format (markdown, json, junit,
    sarif, html) in $GITHUB_OUTPUT; on Azure DevOps the variables ReadinessDecision, ReadinessReportDirectory and
    Readiness<Format> (e.g. ReadinessSarif) and the Markdown report as a summary tab.

    Exit codes: 0 the decision passes -FailOn; 1 it does not (Assert-ReadinessReport's message names the blocking
    items); 2 bad input or a checklist that cannot run (no report is written).
.PARAMETER Checklist
    The checklist file, relative to the working directory (the repository root in both CI systems).
.PARAMETER Variables
    Values for ${name} in the checklist, one name=value per line; blank lines and lines starting with # are ignored.
.PARAMETER ProfilePath
    A YAML file of variables (Get-ReadinessReport -Profile).
.PARAMETER EvidencePath
    The attestation file; default <checklist>.evidence.jsonl beside the checklist.
.PARAMETER Formats
    Comma-separated: markdown, json, junit, sarif, html.
.PARAMETER OutputDirectory
    Where the report files go (created).
.PARAMETER FailOn
    NoGo (Conditional passes), Conditional (anything but Go fails) or never.
.PARAMETER ModuleVersion
    Import this installed version of Readiness instead of the newest.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Checklist,
    [string] $Variables = '',
    [string] $ProfilePath = '',
    [string] $EvidencePath = '',
    [string] $Formats = 'markdown,json,junit,sarif,html',
    [string] $OutputDirectory = 'readiness-report',
    [string] $FailOn = 'NoGo',
    [string] $ModuleVersion = ''
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$fileNames = [ordered]@{ markdown = 'readiness.md'; json = 'readiness.json'; junit = 'readiness.junit.xml'; sarif = 'readiness.sarif'; html = 'readiness.html' }
$onGitHub = $env:GITHUB_ACTIONS -eq 'true'
$onAzure = [bool]$env:TF_BUILD

# Workflow-command and logging-command escaping (actions/toolkit, azure-pipelines-task-lib), so no text of ours can
# start a second command.
function Write-CiError([string] $Message) {
    if ($onGitHub) { Write-Host "::error title=Readiness::$($Message.Replace('%', '%25').Replace("`r", '%0D').Replace("`n", '%0A'))" }
    elseif ($onAzure) { Write-Host "##vso[task.logissue type=error]$($Message.Replace('%', '%AZP25').Replace("`r", '%0D').Replace("`n", '%0A'))" }
    else { Write-Host "error: $Message" }
}

function ConvertFrom-VariableList([string] $Text) {
    $table = @{}
    foreach ($line in $Text -split '\r?\n') {
        $line = $line.Trim()
        if (-not $line -or $line.StartsWith('#')) { continue }
        $eq = $line.IndexOf('=')
        if ($eq -le 0) { throw "variables: '$line' must look like name=value (one per line)." }
        $table[$line.Substring(0, $eq).Trim()] = $line.Substring($eq + 1).Trim()
    }
    $table
}

try {
    $requested = @($Formats -split '[,\s]+' | Where-Object { $_ } | ForEach-Object { $_.ToLowerInvariant() } | Select-Object -Unique)
    $unknown = @($requested | Where-Object { -not $fileNames.Contains($_) })
    if ($unknown) { throw "formats: unknown format '$($unknown -join "', '")'; use a comma-separated list of $($fileNames.Keys -join ', ')." }
    if ($FailOn -notin 'NoGo', 'Conditional', 'never') { throw "fail-on: '$FailOn' is not one of NoGo, Conditional, never." }
    $variableTable = ConvertFrom-VariableList $Variables

    $import = @{ Name = 'Readiness' }
    if ($ModuleVersion) { $import.RequiredVersion = $ModuleVersion.Split('-')[0] }
    Import-Module @import

    $run = @{ Checklist = $Checklist; Variable = $variableTable; Confirm = $false }
    if ($ProfilePath) { $run.Profile = $ProfilePath }
    if ($EvidencePath) { $run.EvidencePath = $EvidencePath }
    $report = Get-ReadinessReport @run

    $directory = New-Item -ItemType Directory -Force -Path $OutputDirectory
    $written = [ordered]@{}
    foreach ($format in $requested) {
        $path = Join-Path $directory.FullName $fileNames[$format]
        $report | Export-ReadinessReport -Format $format -Path $path -Confirm:$false
        $written[$format] = $path
    }
}
catch {
    Write-CiError $_.Exception.Message
    exit 2
}

$report | Out-Host
if ($onGitHub -and $env:GITHUB_OUTPUT) {
    $lines = @("decision=$($report.Decision)", "report-directory=$($directory.FullName)") + @($written.Keys | ForEach-Object { "$_=$($written[$_])" })
    Add-Content -LiteralPath $env:GITHUB_OUTPUT -Value $lines -Encoding utf8
}
if ($onAzure) {
    Write-Host "##vso[task.setvariable variable=ReadinessDecision]$($report.Decision)"
    Write-Host "##vso[task.setvariable variable=ReadinessReportDirectory]$($directory.FullName)"
    foreach ($format in $written.Keys) {
        Write-Host "##vso[task.setvariable variable=Readiness$((Get-Culture).TextInfo.ToTitleCase($format))]$($written[$format])"
    }
    if ($written.Contains('markdown')) { Write-Host "##vso[task.uploadsummary]$($written['markdown'])" }
}

if ($FailOn -eq 'never') { exit 0 }
try {
    $report | Assert-ReadinessReport -FailOn $FailOn
}
catch {
    Write-CiError "$($_.Exception.Message) (fail-on: $FailOn)"
    exit 1
}
Write-Host "Readiness decision: $($report.Decision) (fail-on: $FailOn)"
exit 0
