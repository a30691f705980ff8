using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Metrics;
using Xunit.Abstractions;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>
/// Expositions built to the rules (grouped families, cumulative histograms with +Inf and _count, single spaces) always
/// parse, in their own format and in auto mode, and breaking one rule is always rejected. The seed is fixed and
/// written to the test output, so a failure replays exactly.
/// </summary>
public sealed class ConformancePropertyTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261207;
    private const ulong Gamma = 1013904223;

    private Config Runs()
    {
        output.WriteLine($"FsCheck replay seed {Seed}, gamma {Gamma}");
        return PropertyRuns.Fixed().WithMaxTest(200);
    }

    private sealed record Family(string Name, int Kind, int[][] Buckets);

    private static readonly Gen<Family> Families =
        from name in Gen.Elements("http", "db_pool", "queue", "auth_attempts", "jobs")
        from kind in Gen.Choose(0, 2)
        from series in Gen.Choose(1, 3)
        from buckets in Gen.ArrayOf(Gen.Choose(0, 5), 3).ArrayOf(series)
        select new Family(name, kind, buckets);

    private static readonly Gen<Family[]> Documents = Families.ArrayOf().Select(f => f.DistinctBy(x => x.Name).ToArray());

    private static string Render(Family[] families, bool om)
    {
        var sb = new StringBuilder();
        foreach (var f in families)
        {
            var type = f.Kind switch { 0 => "counter", 1 => "gauge", _ => "histogram" };
            sb.Append($"# HELP {f.Name} The {f.Name} family.\n# TYPE {f.Name} {type}\n");
            for (var s = 0; s < f.Buckets.Length; s++)
            {
                var labels = $"instance=\"i{s}\"";
                var total = f.Buckets[s].Sum();
                switch (f.Kind)
                {
                    case 0: sb.Append($"{f.Name}_total{{{labels}}} {total}\n"); break;
                    case 1: sb.Append($"{f.Name}{{{labels}}} {total - 3}\n"); break;
                    default:
                        var cumulative = 0;
                        var le = new[] { "0.1", "1", "10" };
                        for (var b = 0; b < 3; b++)
                        {
                            cumulative += f.Buckets[s][b];
                            sb.Append($"{f.Name}_bucket{{{labels},le=\"{le[b]}\"}} {cumulative}\n");
                        }
                        sb.Append($"{f.Name}_bucket{{{labels},le=\"+Inf\"}} {cumulative}\n");
                        sb.Append($"{f.Name}_sum{{{labels}}} {(cumulative * 0.5).ToString(CultureInfo.InvariantCulture)}\n");
                        sb.Append($"{f.Name}_count{{{labels}}} {cumulative}\n");
                        break;
                }
            }
        }
        if (om) sb.Append("# EOF\n");
        return sb.ToString();
    }

    [Fact]
    public void Expositions_built_to_the_rules_parse_in_their_format_and_in_auto_mode() =>
        Check.One(Runs(), Prop.ForAll(Documents.ToArbitrary(), families =>
        {
            var om = MetricsParser.ParseAll(Render(families, true), MetricsFormat.OpenMetrics);
            MetricsParser.ParseAll(Render(families, true), MetricsFormat.Auto);
            MetricsParser.ParseAll(Render(families, false), MetricsFormat.PrometheusText);
            MetricsParser.ParseAll(Render(families, false), MetricsFormat.Auto);
            return om.Count == families.Length;
        }));

    [Fact]
    public void Breaking_one_rule_is_always_rejected_naming_the_line() =>
        Check.One(Runs(), Prop.ForAll(Documents.Where(d => d.Length > 0).ToArbitrary(), Gen.Choose(0, 4).ToArbitrary(), (families, breakage) =>
        {
            var lines = Render(families, true).Split('\n').ToList();
            var target = lines.FindIndex(l => l.Length > 0 && l[0] != '#');
            var (broken, rule) = breakage switch
            {
                0 => (lines[target] + " ", "om.separator"),
                1 => (lines[target].Replace(" ", "  ", StringComparison.Ordinal), "om.separator"),
                2 => (lines[target][..lines[target].LastIndexOf(' ')] + " NaN", ""),
                3 => (lines[target] + "\n" + lines[target], ""),
                _ => ("", "om.blank-line"),
            };
            lines[target] = broken;
            var text = string.Join('\n', lines);
            try
            {
                MetricsParser.ParseAll(text, MetricsFormat.OpenMetrics);
                // A gauge may be NaN; every other breakage must be caught.
                return breakage == 2 && families[0].Kind == 1;
            }
            catch (MetricsParseException ex)
            {
                return ex.Line >= 1 && (rule.Length == 0 || ex.Rule == rule);
            }
        }));
}
