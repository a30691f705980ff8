using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Load;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Load;

public sealed class ThresholdTests
{
    [Theory]
    [InlineData("p95<50ms", ThresholdMetric.Percentile, 95, ThresholdOperator.Less, 50)]
    [InlineData("p(99.9) <= 1s", ThresholdMetric.Percentile, 99.9, ThresholdOperator.LessOrEqual, 1000)]
    [InlineData("p99<250", ThresholdMetric.Percentile, 99, ThresholdOperator.Less, 250)]
    [InlineData("med<800us", ThresholdMetric.Percentile, 50, ThresholdOperator.Less, 0.8)]
    [InlineData("avg<20ms", ThresholdMetric.Average, 0, ThresholdOperator.Less, 20)]
    [InlineData("rate>=10000", ThresholdMetric.Rate, 0, ThresholdOperator.GreaterOrEqual, 10000)]
    [InlineData("rate>500/s", ThresholdMetric.Rate, 0, ThresholdOperator.Greater, 500)]
    [InlineData("errors<1%", ThresholdMetric.Errors, 0, ThresholdOperator.Less, 0.01)]
    [InlineData("errors<=0.05", ThresholdMetric.Errors, 0, ThresholdOperator.LessOrEqual, 0.05)]
    [InlineData("memory<200MB", ThresholdMetric.Memory, 0, ThresholdOperator.Less, 200 * 1024 * 1024)]
    public void k6_style_thresholds_parse_into_metric_operator_and_limit(string text, ThresholdMetric metric, double percentile, ThresholdOperator op, double limit)
    {
        var t = Threshold.Parse(text);
        Assert.Equal(metric, t.Metric);
        Assert.Equal(percentile, t.Percentile, 6);
        Assert.Equal(op, t.Operator);
        Assert.Equal(limit, t.Limit, 6);
    }

    [Theory]
    [InlineData("p95", "is not understood")]
    [InlineData("p95<50parsecs", "has unit 'parsecs'")]
    [InlineData("p101<5ms", "percentiles go from 0 to 100")]
    [InlineData("errors<150%", "more than 100% errors")]
    [InlineData("latency<5ms", "is not understood")]
    public void A_malformed_threshold_says_what_is_wrong(string text, string expected)
    {
        var ex = Assert.Throws<ThresholdFormatException>(() => Threshold.Parse(text));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Arbitrary_text_either_parses_or_throws_the_documented_error()
    {
        var tokens = Gen.Elements("p", "p(", ")", "95", "99.9", ".", "<", "<=", ">", ">=", "=", "ms", "s", "%", "MB", "rate", "errors",
            "avg", "memory", " ", "1e9", "-", "µs", "/s", "99999999999999999999999999").ArrayOf().Select(t => string.Concat(t));
        foreach (var gen in new[] { tokens, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), text =>
            {
                try { Threshold.Parse(text!); }
                catch (ThresholdFormatException) { }
            }).Check(PropertyRuns.Fixed());
    }

    [Fact]
    public void A_percentile_threshold_round_trips_through_its_text()
    {
        Prop.ForAll(Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(0, 100_000).ToArbitrary(), (tenths, limit) =>
        {
            var p = tenths / 10.0;
            var t = Threshold.Parse($"p({p.ToString(System.Globalization.CultureInfo.InvariantCulture)})<{limit}ms");
            return t.Metric == ThresholdMetric.Percentile && Math.Abs(t.Percentile - p) < 1e-9 && t.Limit == limit && t.IsMet(limit - 0.5) && !t.IsMet(limit);
        }).Check(PropertyRuns.Fixed());
    }
}
