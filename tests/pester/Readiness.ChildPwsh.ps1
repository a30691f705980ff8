# Shared by the Pester suite (dot-sourced; not a test file itself).
# Runs a script in a second, real pwsh whose standard input holds the given answers, because confirmation prompts
# and "What if:" lines go to the host, not to any stream the calling session can capture.
function Invoke-ChildPwsh {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Script,
        # One line per prompt. An empty list still redirects standard input, so no prompt can wait for a terminal.
        [string[]] $Answer = @(),
        [switch] $NonInteractive,
        [int] $TimeoutSeconds = 120,
        # Variables to set in the child's environment; a $null value removes the variable.
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory
    )
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("readiness-child-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8NoBOM
    try {
        # pwsh installed as a .NET tool runs as `dotnet pwsh.dll`; a native install is its own executable.
        $exe = [Environment]::ProcessPath
        $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in @('-NoProfile', '-NoLogo')) { $psi.ArgumentList.Add($a) }
        if ($NonInteractive) { $psi.ArgumentList.Add('-NonInteractive') }
        $psi.ArgumentList.Add('-File'); $psi.ArgumentList.Add($file)
        $psi.RedirectStandardInput = $true; $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        foreach ($name in $Environment.Keys) {
            if ($null -eq $Environment[$name]) { $null = $psi.Environment.Remove($name) } else { $psi.Environment[$name] = [string]$Environment[$name] }
        }
        if ($WorkingDirectory) { $psi.WorkingDirectory = $WorkingDirectory }
        $process = [System.Diagnostics.Process]::Start($psi)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        foreach ($line in $Answer) { $process.StandardInput.WriteLine($line) }
        $process.StandardInput.Close()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "The child pwsh did not exit within $TimeoutSeconds s." }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result + $stderr.Result }
    }
    finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
}
