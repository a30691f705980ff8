using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Readiness.Runbook.HostTests;

/// <summary>The built module (out/Readiness) imported into an in-process runspace whose host is a <see cref="ScriptedHost"/>.</summary>
public sealed class RunbookSession : IDisposable
{
    private static readonly Lazy<string> Manifest = new(BuildModule);

    private readonly Runspace _runspace;

    public RunbookSession(ScriptedHost host)
    {
        Host = host;
        var state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
        Invoke($"Import-Module '{Manifest.Value}' -Force; $ErrorActionPreference = 'Stop'");
    }

    public ScriptedHost Host { get; }

    public static string RepositoryRoot { get; } = FindRoot();

    public Collection Invoke(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = ps.Invoke();
        return new Collection(output.ToList(), ps.Streams.Information.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Error.ToList(), ps.HadErrors);
    }

    public sealed record Collection(List<PSObject> Output, List<InformationRecord> Information, List<string> Warnings, List<ErrorRecord> Errors, bool HadErrors)
    {
        public string InformationText => string.Join("\n", Information.Select(i => i.MessageData.ToString()));
    }

    public void Dispose() => _runspace.Dispose();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReadinessModule.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ReadinessModule.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The module as pwsh imports it; laid out once with scripts/package.sh when it is missing.</summary>
    private static string BuildModule()
    {
        var manifest = Path.Combine(RepositoryRoot, "out", "Readiness", "Readiness.psd1");
        if (File.Exists(manifest)) return manifest;
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("scripts/package.sh");
        psi.ArgumentList.Add("Release");
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"scripts/package.sh failed: {output.Result}{error.Result}");
        return manifest;
    }
}
