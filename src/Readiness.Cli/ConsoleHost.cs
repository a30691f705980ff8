using Readiness.Core.Running;

namespace Readiness.Cli;

/// <summary>CLI host: progress and logs go to standard error so standard output stays a clean report.</summary>
public sealed class ConsoleHost : IReadinessHost
{
    private readonly object _gate = new();
    // The progress line redraws itself with '\r': only on a terminal, never into a redirected log.
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly ProgressLine _line = new();
    private bool _shown;

    public void Progress(RunProgress progress)
    {
        var text = _line.Update(progress);
        if (!_interactive) return;
        lock (_gate)
        {
            var width = Width();
            if (_line.Finished) { Clear(width); return; }
            Console.Error.Write("\r" + ProgressLine.Fit(text, width));
            _shown = true;
        }
    }

    public void Log(LogLevel level, string message)
    {
        if (level == LogLevel.Verbose) return;
        lock (_gate)
        {
            if (_shown) Clear(Width());
            Console.Error.WriteLine($"readiness: {message}");
        }
    }

    public bool ShouldProcess(string target, string action) => true;

    private void Clear(int width)
    {
        if (_shown) Console.Error.Write("\r" + new string(' ', width - 1) + "\r");
        _shown = false;
    }

    private static int Width()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 100; }
        catch (IOException) { return 100; }
    }
}
