using Readiness.Core.Running;

namespace Readiness.Cli;

/// <summary>CLI host: progress and logs go to standard error so standard output stays a clean report.</summary>
public sealed class ConsoleHost : IReadinessHost
{
    private readonly object _gate = new();
    private readonly bool _interactive = !Console.IsErrorRedirected;

    public void Progress(RunProgress progress)
    {
        if (!_interactive) return;
        lock (_gate)
        {
            var line = $"[{progress.Completed}/{progress.Total}] {progress.Activity} {progress.CurrentItem} {progress.Detail}";
            Console.Error.Write("\r" + (line.Length > 100 ? line[..100] : line.PadRight(100)));
            if (progress.Completed >= progress.Total && progress.Total > 0) Console.Error.Write("\r" + new string(' ', 100) + "\r");
        }
    }

    public void Log(LogLevel level, string message)
    {
        if (level == LogLevel.Verbose) return;
        lock (_gate) Console.Error.WriteLine($"readiness: {message}");
    }

    public bool ShouldProcess(string target, string action) => true;
}
