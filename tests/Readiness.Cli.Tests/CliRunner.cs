using System.Diagnostics;

namespace Readiness.Cli.Tests;

/// <summary>Runs the built `readiness` command as a user would: a process with arguments, exit code and both streams.</summary>
public static class CliRunner
{
    /// <summary>
    /// The CLI's own build output, as a tool install lays it out: this net10.0 folder drops the libraries the
    /// framework also has, while the CLI's deps.json asks for its newer copies (System.IO.Pipelines, DiagnosticSource).
    /// </summary>
    public static readonly string Dll = Path.Combine(
        typeof(CliRunner).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ReadinessCliFolder").Value!, "readiness.dll");

    public sealed record Run(int ExitCode, string Out, string Err);

    public static Run Invoke(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("GITHUB_ACTIONS");
        psi.Environment.Remove("TF_BUILD");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("readiness did not exit"); }
        return new Run(p.ExitCode, stdout.Result, stderr.Result);
    }
}
