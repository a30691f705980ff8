using System.Xml.Linq;
using Readiness.Core.Reporting;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Reporting;

/// <summary>The trend line: pass rate per run from previous JSON reports, as inline SVG.</summary>
public sealed class ReportTrendTests
{
    private static ReadinessReport Run(DateTimeOffset at, Decision decision, params CheckStatus[] statuses) => new()
    {
        ChecklistName = "t", StartTime = at, Decision = decision,
        Results = new(statuses.Select((s, i) => new CheckResult { Id = $"i{i}", Status = s })),
    };

    private static readonly DateTimeOffset Day = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pass_rate_counts_Passed_and_Attested_and_ignores_Skipped()
    {
        var p = TrendPoint.Of(Run(Day, Decision.NoGo, CheckStatus.Passed, CheckStatus.Attested, CheckStatus.Failed, CheckStatus.Manual, CheckStatus.Skipped));
        Assert.Equal(2, p.Passed);
        Assert.Equal(4, p.Counted);
        Assert.Equal(0.5, p.PassRate);
    }

    [Fact]
    public void Previous_JSON_reports_and_the_current_run_make_one_point_each_oldest_first()
    {
        var dir = TempFolder.Create();
        try
        {
            var older = Path.Combine(dir, "older.json");
            var newer = Path.Combine(dir, "newer.json");
            ReportWriters.WriteFile(Run(Day.AddDays(1), Decision.NoGo, CheckStatus.Passed, CheckStatus.Failed), "json", newer);
            ReportWriters.WriteFile(Run(Day, Decision.NoGo, CheckStatus.Failed, CheckStatus.Failed), "json", older);
            var current = Run(Day.AddDays(2), Decision.Go, CheckStatus.Passed, CheckStatus.Passed);

            var points = ReportTrend.Build(new[] { newer, older }, current);

            Assert.Equal(new[] { 0.0, 0.5, 1.0 }, points.Select(p => p.PassRate));
            Assert.Equal(Decision.Go, points[^1].Decision);
        }
        finally { TempFolder.Delete(dir); }
    }

    [Fact]
    public void The_svg_is_well_formed_with_a_line_through_one_dot_per_run()
    {
        var points = ReportTrend.Build(new[]
        {
            Run(Day, Decision.NoGo, CheckStatus.Failed, CheckStatus.Passed),
            Run(Day.AddDays(1), Decision.Conditional, CheckStatus.Passed, CheckStatus.Manual),
        }, Run(Day.AddDays(2), Decision.Go, CheckStatus.Passed, CheckStatus.Passed));

        var svg = XElement.Parse(ReportTrend.ToSvg(points, width: 300, height: 100));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var dots = svg.Descendants(ns + "circle").ToList();
        Assert.Equal(3, dots.Count);
        Assert.Equal(new[] { "NoGo", "Conditional", "Go" }, dots.Select(d => (string)d.Attribute("data-decision")!));
        var line = Assert.Single(svg.Descendants(ns + "polyline"));
        Assert.Equal(3, ((string)line.Attribute("points")!).Split(' ').Length);
        // Full pass rate sits at the top of the plot, half at the middle.
        Assert.True((double)dots[2].Attribute("cy")! < (double)dots[0].Attribute("cy")!);
        Assert.Contains("100% passed (2/2), Go", dots[2].Element(ns + "title")!.Value);
    }

    [Fact]
    public void A_previous_file_that_is_not_a_report_is_a_clear_error()
    {
        var dir = TempFolder.Create();
        try
        {
            var bad = Path.Combine(dir, "bad.json");
            File.WriteAllText(bad, "[1,2,3]");
            var ex = Assert.Throws<InvalidDataException>(() => ReportTrend.Build(new[] { bad }, Run(Day, Decision.Go)));
            Assert.Contains("bad.json", ex.Message);
        }
        finally { TempFolder.Delete(dir); }
    }
}
