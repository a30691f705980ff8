using System.Text;

namespace Readiness.Core.Running;

/// <summary>
/// The one-line progress display of a run, for terminals: a bar, done/total, the items in flight and the latest
/// live figure a long check reported (load rate, restore step). Fed with every <see cref="RunProgress"/> the engine
/// reports; a front end only decides where the line goes (the CLI writes it to standard error).
/// </summary>
/// <remarks>
/// The first progress seen is the run's own activity (<see cref="ChecklistRunner"/> reports it before any item starts).
/// For that activity, an item with no <see cref="RunProgress.Detail"/> has started and one with a detail (its
/// status) has finished. Progress under any other activity comes from inside a check and is shown as its live figure.
/// </remarks>
public sealed class ProgressLine
{
    private readonly object _gate = new();
    private readonly List<string> _inFlight = new();
    private string? _runActivity;
    private int _completed;
    private int _total;
    private string? _figure;

    public int BarWidth { get; init; } = 20;

    /// <summary>Takes one progress report and returns the line to show (not padded or truncated).</summary>
    public string Update(RunProgress progress)
    {
        lock (_gate)
        {
            _runActivity ??= progress.Activity;
            if (progress.Activity == _runActivity)
            {
                // Parallel workers report concurrently; a stale count arriving late must not move the bar backwards.
                _completed = Math.Max(_completed, progress.Completed);
                _total = progress.Total;
                if (progress.CurrentItem is { } item)
                {
                    if (progress.Detail is null) { if (!_inFlight.Contains(item)) _inFlight.Add(item); }
                    else { _inFlight.Remove(item); _figure = null; }
                }
            }
            else
            {
                var counts = progress.Total > 0 ? $" ({progress.Completed}/{progress.Total})" : "";
                _figure = $"{progress.Activity}: {string.Join(" ", new[] { progress.CurrentItem, progress.Detail }.Where(s => !string.IsNullOrEmpty(s)))}{counts}".TrimEnd(' ', ':');
            }
            return Render();
        }
    }

    /// <summary>True once every item of the run has finished: the line should be cleared.</summary>
    public bool Finished
    {
        get { lock (_gate) return _total > 0 && _completed >= _total; }
    }

    private string Render()
    {
        var filled = _total <= 0 ? 0 : (int)Math.Round((double)BarWidth * _completed / _total);
        var sb = new StringBuilder();
        sb.Append('[').Append('#', filled).Append('.', BarWidth - filled).Append("] ");
        sb.Append(_completed).Append('/').Append(_total);
        if (_inFlight.Count > 0)
        {
            sb.Append("  running ").Append(_inFlight[0]);
            if (_inFlight.Count > 1) sb.Append(" +").Append(_inFlight.Count - 1);
        }
        if (_figure is not null) sb.Append("  · ").Append(_figure);
        return sb.ToString();
    }

    /// <summary>Fits a line to a terminal width: truncated with an ellipsis, or padded to overwrite the previous line.</summary>
    public static string Fit(string line, int width)
    {
        width = Math.Max(10, width);
        return line.Length > width - 1 ? line[..(width - 2)] + "…" : line.PadRight(width - 1);
    }
}
