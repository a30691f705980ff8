using System.Globalization;
using System.Net;
using System.Text;

namespace Readiness.Core.Reporting;

/// <summary>One run on the trend line: when it started, its decision and its pass rate.</summary>
public sealed record TrendPoint(DateTimeOffset StartTime, Decision Decision, int Passed, int Counted)
{
    /// <summary>Share of counted items that Passed or were Attested, 0..1; 0 when nothing counted.</summary>
    public double PassRate => Counted == 0 ? 0 : (double)Passed / Counted;

    public static TrendPoint Of(ReadinessReport report)
    {
        // Skipped items decided nothing, so they neither help nor hurt the rate.
        var counted = report.Results.Count(r => r.Status != CheckStatus.Skipped);
        var passed = report.Results.Count(r => r.Status is CheckStatus.Passed or CheckStatus.Attested);
        return new TrendPoint(report.StartTime, report.Decision, passed, counted);
    }
}

/// <summary>
/// The pass rate per run across previous JSON reports and the current one, drawn as an inline SVG line so the HTML
/// report stays a single file that renders offline.
/// </summary>
public static class ReportTrend
{
    /// <summary>Reads previous reports (JSON, as written by --format json) and adds the current one; oldest first.</summary>
    public static List<TrendPoint> Build(IEnumerable<string> previousReportPaths, ReadinessReport current) =>
        Build(previousReportPaths.Select(ReportJson.ReadFile), current);

    public static List<TrendPoint> Build(IEnumerable<ReadinessReport> previous, ReadinessReport current) =>
        previous.Select(TrendPoint.Of).Append(TrendPoint.Of(current)).OrderBy(p => p.StartTime).ToList();

    /// <summary>An SVG line chart of the pass rate (0..100 %), one dot per run coloured by its decision, with tooltips.</summary>
    public static string ToSvg(IReadOnlyList<TrendPoint> points, int width = 640, int height = 160)
    {
        const int left = 40, right = 16, top = 12, bottom = 28;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        double X(int i) => left + (points.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(points.Count - 1));
        double Y(double rate) => top + plotHeight * (1 - rate);
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var sb = new StringBuilder();
        sb.Append($"<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Pass rate over {points.Count} runs\">");
        foreach (var pct in new[] { 0, 50, 100 })
        {
            var y = F(Y(pct / 100.0));
            sb.Append($"<line x1=\"{left}\" y1=\"{y}\" x2=\"{width - right}\" y2=\"{y}\" stroke=\"#d0d7de\" stroke-width=\"1\"/>");
            sb.Append($"<text x=\"{left - 6}\" y=\"{y}\" font-size=\"10\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#57606a\">{pct}%</text>");
        }
        if (points.Count > 1)
            sb.Append("<polyline class=\"trend-line\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"")
              .Append(string.Join(" ", points.Select((p, i) => $"{F(X(i))},{F(Y(p.PassRate))}")))
              .Append("\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var colour = p.Decision switch { Decision.Go => "#1a7f37", Decision.NoGo => "#cf222e", _ => "#bc4c00" };
            var label = $"{p.StartTime:yyyy-MM-dd HH:mm}: {(p.PassRate * 100).ToString("0", CultureInfo.InvariantCulture)}% passed ({p.Passed}/{p.Counted}), {p.Decision}";
            sb.Append($"<circle class=\"trend-point\" data-decision=\"{p.Decision}\" cx=\"{F(X(i))}\" cy=\"{F(Y(p.PassRate))}\" r=\"4\" fill=\"{colour}\"><title>{WebUtility.HtmlEncode(label)}</title></circle>");
            var anchor = points.Count == 1 ? "middle" : i == 0 ? "start" : i == points.Count - 1 ? "end" : "middle";
            sb.Append($"<text x=\"{F(X(i))}\" y=\"{height - 10}\" font-size=\"10\" text-anchor=\"{anchor}\" fill=\"#57606a\">{p.StartTime:MM-dd HH:mm}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}
