using System.Diagnostics;
using System.Text;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>A real server started by a test on loopback, stopped and its temp folder removed on dispose.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Action? _cleanup;

    private ServerProcess(Process process, Action? cleanup)
    {
        _process = process;
        _cleanup = cleanup;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, Action? cleanup = null, string? user = null)
    {
        var psi = new ProcessStartInfo(user is null ? fileName : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (user is not null)
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(user);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(fileName);
        }
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var server = new ServerProcess(process, cleanup);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._output) server._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._output) server._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception) { /* already gone */ }
        _process.Dispose();
        _cleanup?.Invoke();
    }
}

public static class Tools
{
    public static bool Exists(string name) => Find(name) is not null;

    public static string? Find(string name)
    {
        if (Path.IsPathRooted(name)) return File.Exists(name) ? name : null;
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(new[] { "/usr/sbin", "/sbin", "/usr/bin" });
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string PostgresBin(string tool)
    {
        var root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql).");
        var versionDir = Directory.GetDirectories(root).OrderByDescending(d => d, StringComparer.Ordinal).First();
        return Path.Combine(versionDir, "bin", tool);
    }

    public static (int ExitCode, string Output) Run(string fileName, params string[] args)
    {
        var psi = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"{fileName} did not finish."); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

public static class TempFolder
{
    public static string Create(string prefix = "readiness-test-")
    {
        var path = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
