using System.Globalization;
using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.Load;

/// <summary>What a threshold measures.</summary>
public enum ThresholdMetric
{
    /// <summary>A latency percentile (<see cref="Threshold.Percentile"/>), in milliseconds.</summary>
    Percentile,
    Average,
    Min,
    Max,
    /// <summary>Completed requests per second over the measured window.</summary>
    Rate,
    /// <summary>Share of requests that failed (0..1).</summary>
    Errors,
    /// <summary>Peak resident memory of the target, in bytes.</summary>
    Memory,
}

public enum ThresholdOperator { Less, LessOrEqual, Greater, GreaterOrEqual }

/// <summary>
/// One k6-style threshold such as <c>p95&lt;50ms</c>, <c>p(99.9)&lt;=1s</c>, <c>avg&lt;20</c>, <c>rate&gt;=10000</c>,
/// <c>errors&lt;1%</c> or <c>memory&lt;200MB</c>. Latencies without a unit are milliseconds (as in k6); errors are a
/// percentage with <c>%</c> or a fraction without; memory takes B, KB, MB, GB (powers of 1024) or KiB/MiB/GiB.
/// </summary>
public sealed record Threshold(ThresholdMetric Metric, double Percentile, ThresholdOperator Operator, double Limit, string Text)
{
    private static readonly Regex Shape = new(
        @"^\s*(?<metric>p\((?<pp>[0-9]+(\.[0-9]+)?)\)|p(?<p>[0-9]+(\.[0-9]+)?)|avg|med|min|max|rate|errors|memory)\s*(?<op><=|>=|<|>)\s*(?<num>[0-9]+(\.[0-9]+)?)\s*(?<unit>[a-zA-Zµ%/]*)\s*$",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static Threshold Parse(string text)
    {
        if (text is null) throw new ThresholdFormatException("A threshold is empty; write it like p95<50ms, rate>=10000 or errors<1%.");
        if (text.Length > 200) throw new ThresholdFormatException("A threshold is longer than 200 characters; write it like p95<50ms.");
        var m = Shape.Match(text);
        if (!m.Success)
            throw new ThresholdFormatException($"Threshold '{text}' is not understood; write metric, operator and value like p95<50ms, p(99.9)<1s, avg<20ms, rate>=10000, errors<1% or memory<200MB.");
        var name = m.Groups["metric"].Value;
        var op = m.Groups["op"].Value switch
        {
            "<" => ThresholdOperator.Less,
            "<=" => ThresholdOperator.LessOrEqual,
            ">" => ThresholdOperator.Greater,
            _ => ThresholdOperator.GreaterOrEqual,
        };
        var number = double.Parse(m.Groups["num"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value;
        double percentile = 0;
        ThresholdMetric metric;
        if (m.Groups["pp"].Success || m.Groups["p"].Success)
        {
            metric = ThresholdMetric.Percentile;
            percentile = double.Parse(m.Groups["pp"].Success ? m.Groups["pp"].Value : m.Groups["p"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (percentile > 100) throw new ThresholdFormatException($"Threshold '{text}' asks for percentile {percentile}; percentiles go from 0 to 100.");
        }
        else metric = name switch
        {
            "avg" => ThresholdMetric.Average,
            "med" => ThresholdMetric.Percentile,
            "min" => ThresholdMetric.Min,
            "max" => ThresholdMetric.Max,
            "rate" => ThresholdMetric.Rate,
            "errors" => ThresholdMetric.Errors,
            _ => ThresholdMetric.Memory,
        };
        if (name == "med") percentile = 50;

        double limit = metric switch
        {
            ThresholdMetric.Rate => unit is "" or "/s" or "rps" ? number : throw BadUnit(text, unit, "none, /s or rps"),
            ThresholdMetric.Errors => unit switch
            {
                "%" => number / 100,
                "" => number,
                _ => throw BadUnit(text, unit, "% or none (a fraction)"),
            },
            ThresholdMetric.Memory => number * unit.ToUpperInvariant() switch
            {
                "" or "B" => 1,
                "KB" or "KIB" or "K" => 1024,
                "MB" or "MIB" or "M" => 1024 * 1024,
                "GB" or "GIB" or "G" => 1024d * 1024 * 1024,
                _ => throw BadUnit(text, unit, "B, KB, MB or GB"),
            },
            _ => number * unit switch
            {
                "" or "ms" => 1,
                "s" => 1000,
                "us" or "µs" => 0.001,
                "m" => 60_000,
                _ => throw BadUnit(text, unit, "ms, s, us or m"),
            },
        };
        if (metric == ThresholdMetric.Errors && limit > 1)
            throw new ThresholdFormatException($"Threshold '{text}' allows more than 100% errors; write errors<1% or errors<0.01.");
        return new Threshold(metric, percentile, op, limit, text.Trim());
    }

    private static ThresholdFormatException BadUnit(string text, string unit, string allowed) =>
        new($"Threshold '{text}' has unit '{unit}'; allowed: {allowed}.");

    /// <summary>The measured value this threshold compares, in its canonical unit (ms, req/s, fraction, bytes); null when not measured.</summary>
    public double? Measure(LoadMeasurement measurement, double? peakMemoryBytes) => Metric switch
    {
        ThresholdMetric.Percentile or ThresholdMetric.Average or ThresholdMetric.Min or ThresholdMetric.Max when !measurement.HasLatency => null,
        ThresholdMetric.Percentile => measurement.PercentileMs(Percentile),
        ThresholdMetric.Average => measurement.MeanMs,
        ThresholdMetric.Min => measurement.MinMs,
        ThresholdMetric.Max => measurement.MaxMs,
        ThresholdMetric.Rate => measurement.RequestsPerSecond,
        ThresholdMetric.Errors => measurement.ErrorRate,
        ThresholdMetric.Memory => peakMemoryBytes,
        _ => null,
    };

    public bool IsMet(double measured) => Operator switch
    {
        ThresholdOperator.Less => measured < Limit,
        ThresholdOperator.LessOrEqual => measured <= Limit,
        ThresholdOperator.Greater => measured > Limit,
        _ => measured >= Limit,
    };

    /// <summary>Measured value in the unit the threshold reads in, e.g. "63.2ms", "9821/s", "0.4%", "181.0MB".</summary>
    public string Format(double measured) => Metric switch
    {
        ThresholdMetric.Rate => measured.ToString("0", CultureInfo.InvariantCulture) + "/s",
        ThresholdMetric.Errors => (measured * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%",
        ThresholdMetric.Memory => (measured / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + "MB",
        _ => measured.ToString("0.##", CultureInfo.InvariantCulture) + "ms",
    };

    public override string ToString() => Text;
}

/// <summary>The documented parse error of <see cref="Threshold.Parse"/>; its message says how to write a threshold.</summary>
public sealed class ThresholdFormatException(string message) : FormatException(message);
