namespace Readiness.Core.Checks.Metrics;

public enum MetricType { Untyped, Counter, Gauge, Histogram, Summary, GaugeHistogram, Info, StateSet }

/// <summary>One metric family as exposed: its name, declared type, help and unit, and every sample of it.</summary>
public sealed class MetricFamily
{
    public MetricFamily(string name, int line)
    {
        Name = name;
        Line = line;
    }

    public string Name { get; }
    public MetricType Type { get; internal set; } = MetricType.Untyped;
    public string? Help { get; internal set; }
    public string? Unit { get; internal set; }
    /// <summary>Line of the first HELP, TYPE or sample of this family.</summary>
    public int Line { get; }
    public List<MetricSample> Samples { get; } = new();

    public override string ToString() => $"{Name} ({Type.ToString().ToLowerInvariant()}, {Samples.Count} samples)";
}

/// <summary>One sample line: full sample name (with _bucket, _total... suffix), labels, value, optional timestamp and exemplar.</summary>
public sealed record MetricSample(
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    double? Timestamp,
    MetricExemplar? Exemplar,
    int Line)
{
    public string? Label(string name)
    {
        foreach (var kv in Labels) if (kv.Key == name) return kv.Value;
        return null;
    }
}

public sealed record MetricExemplar(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, double? Timestamp);

/// <summary>
/// Malformed exposition text; names the line (1-based), what is wrong there, and the rule of the specification it
/// breaks (e.g. <c>om.counter-value</c>), so a conformance case can assert which rule rejected it.
/// </summary>
public sealed class MetricsParseException(int line, string reason, string rule = "syntax")
    : Exception($"line {line}: {reason} [{rule}]")
{
    public int Line { get; } = line;
    public string Reason { get; } = reason;
    public string Rule { get; } = rule;
}
