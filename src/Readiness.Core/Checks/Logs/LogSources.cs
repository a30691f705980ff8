using System.Threading.Channels;
using Readiness.Core.Probing;
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
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true });
        var run = Task.Run(async () =>
        {
            try
            {
                await ProcessRunner.RunAsync(new ProcessRequest
                {
                    Program = program, Arguments = arguments, WorkingDirectory = workingDirectory,
                    // Back-pressure: a chatty command waits for the analyzer instead of filling memory.
                    OnOutputLine = line => lines.Writer.WriteAsync(line, cancellationToken).AsTask().GetAwaiter().GetResult(),
                }, cancellationToken).ConfigureAwait(false);
                lines.Writer.TryComplete();
            }
            catch (Exception ex) { lines.Writer.TryComplete(ex); }
        }, CancellationToken.None);
        await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return line;
        await run.ConfigureAwait(false);
    }
}
