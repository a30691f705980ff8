# Shared setup for the governance Pester files: a temp checklist with one failing and one manual item.
function New-GovernanceChecklist {
    param([string] $Root)
    Set-Content -Path (Join-Path $Root '.env') -Value "DIFFVER_ENV=staging`nA=1"
    $path = Join-Path $Root 'release.yaml'
    Set-Content -Path $path -Value @'
schemaVersion: 1
name: release
items:
  - id: security.env-production
    section: Security
    title: DIFFVER_ENV=production
    severity: high
    check: { type: env, source: dotenv, file: .env, name: DIFFVER_ENV, equals: production }
  - id: ops.a
    section: Ops
    title: A set
    severity: low
    check: { type: env, source: dotenv, file: .env, name: A }
'@
    $path
}
