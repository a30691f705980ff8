using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Readiness.Core.Checks.Logs;

/// <summary>Where log lines come from: a file, every file of a folder (optionally a glob), or a command's output.</summary>
public static class LogSources
{
    public static IEnumerable<(string Source, IEnumerable<string> Lines)> Files(string path, string? pattern = null)
    {
        if (File.Exists(path)) return new[] { (Path.GetFileName(path), File.ReadLines(path)) };
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path, pattern ?? "*", SearchOption.AllDirectories)
                .Where(f => pattern is not null || f.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetRelativePath(path, f), File.ReadLines(f)));
        throw new FileNotFoundException($"No log file or folder at {path}.");
    }

    /// <summary>Runs a program and streams its standard output; killed with its children on timeout or cancellation.</summary>
    public static async IAsyncEnumerable<string> CommandAsync(string program, IReadOnlyList<string> arguments, string workingDirectory,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        using var kill = cancellationToken.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
        while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            yield return line;
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }
}
