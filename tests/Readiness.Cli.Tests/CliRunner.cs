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

    /// <summary>
    /// The program and its leading arguments: `dotnet readiness.dll`, or the build READINESS_CLI names, read as
    /// benchmarks/publish-cli.sh reads it (a readiness.dll runs with dotnet, anything else is the executable, such as
    /// the Native AOT CLI of benchmarks/publish-native.sh), so the same tests judge that build.
    /// </summary>
    public static readonly string[] Command = Environment.GetEnvironmentVariable("READINESS_CLI") switch
    {
        { Length: > 0 } dll when dll.EndsWith(".dll", StringComparison.Ordinal) => ["dotnet", dll],
        { Length: > 0 } executable => [executable],
        _ => ["dotnet", Dll],
    };

    public sealed record Run(int ExitCode, string Out, string Err);

    public static Run Invoke(string workingDirectory, params string[] args) => Invoke(workingDirectory, null, args);

    /// <summary>
    /// With standard input redirected and closed, as in a pipeline: there is no terminal to answer a prompt. The CI
    /// variables of the machine running the tests are removed, so a test sets them only on purpose.
    /// </summary>
    public static Run Invoke(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(Command[0])
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in Command.Skip(1)) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        foreach (var ci in new[] { "CI", "GITHUB_ACTIONS", "TF_BUILD" }) psi.Environment.Remove(ci);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("readiness did not exit"); }
        return new Run(p.ExitCode, stdout.Result, stderr.Result);
    }
}
