using System.Runtime.CompilerServices;
using Readiness.Core.Checks.Metrics;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>
/// Conformance cases written from OpenMetrics 1.0 and the Prometheus text format 0.0.4, rule by rule. Each file is
/// Conformance/{openmetrics,text}/RULE[.N].{valid,invalid}.txt, its bytes exactly as a scrape would deliver them; an
/// invalid case must be rejected by that very rule, so a case cannot pass by tripping over something else.
/// </summary>
public sealed class ConformanceTests
{
    public static string Root([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Conformance");

    public static IEnumerable<(string Format, string Rule, bool Valid, string File)> Cases() =>
        new[] { "openmetrics", "text" }.SelectMany(format => Directory.GetFiles(Path.Combine(Root(), format), "*.txt").Order(StringComparer.Ordinal)
            .Select(file =>
            {
                var parts = Path.GetFileName(file).Split('.');
                var verdict = parts[^2];
                var rule = string.Join('.', parts[..^2].Where(p => !p.All(char.IsAsciiDigit)));
                return (format, rule, verdict == "valid", file);
            }));

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Cases()) data.Add(c.Format, Path.GetFileName(c.File));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_case_gets_the_verdict_and_rule_of_its_file_name(string format, string file)
    {
        var c = Cases().Single(x => x.Format == format && Path.GetFileName(x.File) == file);
        var mode = format == "openmetrics" ? MetricsFormat.OpenMetrics : MetricsFormat.PrometheusText;
        var error = Verdict(c.File, mode);
        if (c.Valid) Assert.True(error is null, $"{file} is valid but was rejected: {error?.Message}");
        else
        {
            Assert.True(error is not null, $"{file} is invalid but was accepted");
            Assert.Equal(c.Rule, error!.Rule);
        }
    }

    /// <summary>Auto mode reads text 0.0.4 unless the input ends in # EOF, so every case keeps its verdict there too.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Auto_mode_gives_the_same_verdict_when_the_case_is_unambiguous(string format, string file)
    {
        var c = Cases().Single(x => x.Format == format && Path.GetFileName(x.File) == file);
        var bytes = File.ReadAllBytes(c.File);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var endsInEof = text.EndsWith("# EOF\n", StringComparison.Ordinal) || text.EndsWith("\n# EOF", StringComparison.Ordinal) || text == "# EOF";
        if (format == "openmetrics" && !endsInEof) return;
        var error = Verdict(c.File, MetricsFormat.Auto);
        Assert.True((error is null) == c.Valid, $"{file}: auto mode says {(error is null ? "valid" : error.Message)}");
    }

    [Fact]
    public void Every_rule_has_a_valid_case_and_most_have_an_invalid_one()
    {
        var byRule = Cases().GroupBy(c => (c.Format, c.Rule)).ToList();
        Assert.All(byRule, g => Assert.Contains(g, c => c.Valid));
        Assert.True(byRule.Count(g => g.Any(c => !c.Valid)) >= byRule.Count - 2);
    }

    internal static MetricsParseException? Verdict(string file, MetricsFormat format)
    {
        using var stream = File.OpenRead(file);
        try
        {
            MetricsParser.ParseAll(stream, format);
            return null;
        }
        catch (MetricsParseException ex) { return ex; }
    }
}
