# Shared by the Pester suite (dot-sourced; not a test file itself).

# A loopback port the kernel reports free right now: for a server that cannot listen on port 0 itself (HttpListener,
# nginx), where a random port can collide with one already in use, and for a test of a port nothing listens on.
function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Writes a small checklist into a folder: one item that passes, one that fails (High: makes the run NoGo),
# and one manual item awaiting attestation.
function New-ReadinessTestChecklist {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [string] $Mode = 'staging'
    )
    $null = New-Item -ItemType Directory -Path $Folder -Force
    Set-Content -LiteralPath (Join-Path $Folder '.env') -Value "MODE=$Mode`nREGION=eu-west-1" -Encoding utf8NoBOM
    $path = Join-Path $Folder 'pester.yaml'
    Set-Content -LiteralPath $path -Encoding utf8NoBOM -Value @'
schemaVersion: 1
name: pester
title: Pester checklist
variables:
  envFile: .env
items:
  - id: config.region
    section: Config
    title: REGION is set.
    severity: medium
    check:
      type: env
      source: dotenv
      file: ${envFile}
      name: REGION
  - id: config.mode
    section: Config
    title: MODE is production.
    severity: high
    check:
      type: env
      source: dotenv
      file: ${envFile}
      name: MODE
      equals: production
  - id: signoff.sre
    section: Sign-off
    title: SRE sign-off.
    severity: high
    manual:
      approvers: [SRE]
'@
    $path
}
