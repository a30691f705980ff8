using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Running;

/// <summary>The CLI's progress line: the bar, the item in flight, and live figures from long checks.</summary>
public sealed class ProgressLineTests
{
    private sealed class RecordingHost : IReadinessHost
    {
        public readonly ProgressLine Line = new() { BarWidth = 10 };
        public readonly List<string> Lines = new();
        public void Progress(RunProgress progress) { lock (Lines) Lines.Add(Line.Update(progress)); }
        public void Log(LogLevel level, string message) { }
        public Confirmation ShouldProcess(ConfirmationRequest request) => Confirmation.Proceed;
    }

    /// <summary>A check that reports a live figure under its own activity, the way load and restore checks do.</summary>
    private sealed class FigureCheck : HandReadCheck
    {
        public override string Type => "figure";
        public override IReadOnlyCollection<string> Parameters { get; } = Array.Empty<string>();
        public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken ct)
        {
            context.Environment.Host.Progress(new RunProgress("Load test", "10s of 30s", 1, 3, "850 req/s, p95 42 ms"));
            return Task.FromResult(context.Pass("fine"));
        }
    }

    private static Checklist Make(int count) => new()
    {
        Name = "t",
        Items = Enumerable.Range(0, count).Select(i => new ChecklistItem { Id = $"item-{i}", Section = "S", Title = "t", Check = new CheckSpec { Type = "figure" } }).ToList(),
    };

    [Fact]
    public async Task A_run_shows_each_item_in_flight_its_live_figure_and_ends_full()
    {
        var host = new RecordingHost();
        await new ChecklistRunner(new CheckRegistry(new ICheck[] { new FigureCheck() })).RunAsync(Make(2), new RunOptions { Parallel = 1, BaseDirectory = Path.GetTempPath() }, host);

        Assert.Equal("[..........] 0/2", host.Lines[0]);
        Assert.Contains("[..........] 0/2  running item-0", host.Lines);
        Assert.Contains("[..........] 0/2  running item-0  · Load test: 10s of 30s 850 req/s, p95 42 ms (1/3)", host.Lines);
        Assert.Contains("[#####.....] 1/2  running item-1", host.Lines);
        Assert.Equal("[##########] 2/2", host.Lines[^1]);
        Assert.True(host.Line.Finished);
    }

    [Fact]
    public void Several_items_in_flight_show_the_first_and_how_many_more()
    {
        var line = new ProgressLine { BarWidth = 4 };
        line.Update(new RunProgress("Checking t", null, 0, 8));
        line.Update(new RunProgress("Checking t", "a", 0, 8));
        line.Update(new RunProgress("Checking t", "b", 0, 8));
        Assert.Equal("[....] 0/8  running a +2", line.Update(new RunProgress("Checking t", "c", 0, 8)));
        Assert.Equal("[....] 1/8  running b +1", line.Update(new RunProgress("Checking t", "a", 1, 8, "Passed")));
        Assert.False(line.Finished);
    }

    [Fact]
    public void Fit_truncates_long_lines_and_pads_short_ones_to_overwrite_the_previous()
    {
        Assert.Equal(19, ProgressLine.Fit("short", 20).Length);
        var fitted = ProgressLine.Fit(new string('x', 50), 20);
        Assert.Equal(19, fitted.Length);
        Assert.EndsWith("…", fitted);
    }

    [Fact]
    public void A_late_report_with_an_older_count_does_not_move_the_bar_backwards()
    {
        var line = new ProgressLine { BarWidth = 4 };
        line.Update(new RunProgress("Checking t", null, 0, 4));
        line.Update(new RunProgress("Checking t", "a", 2, 4, "Passed"));
        Assert.Equal("[##..] 2/4  running d", line.Update(new RunProgress("Checking t", "d", 1, 4)));
    }
}
