using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.Metrics;

/// <summary>
/// One family the checklist requires: by exact name or a regular expression, optionally of a type, with a label
/// set present on some sample, and (for counters) a non-zero value.
/// </summary>
public sealed class MetricRequirement
{
    public string? Name { get; init; }
    public string? Pattern { get; init; }
    public MetricType? Type { get; init; }
    /// <summary>Labels some sample must carry; the value "*" means any value.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public bool NonZero { get; init; }
    /// <summary>What the family is for ("authentication latency"), used in messages.</summary>
    public string? Description { get; init; }

    public string Display => Description is null ? (Name ?? $"/{Pattern}/") : $"{Description} ({Name ?? $"/{Pattern}/"})";

    public IEnumerable<MetricFamily> Candidates(IReadOnlyDictionary<string, MetricFamily> families)
    {
        if (Name is not null)
        {
            // A counter named foo_total in text format is family foo in OpenMetrics: accept either spelling.
            foreach (var n in new[] { Name, Name + "_total", Name.EndsWith("_total", StringComparison.Ordinal) ? Name[..^6] : null })
                if (n is not null && families.TryGetValue(n, out var f)) yield return f;
            yield break;
        }
        var regex = new Regex(Pattern!, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        foreach (var f in families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            if (regex.IsMatch(f.Name)) yield return f;
    }

    /// <summary>Null when some family satisfies the requirement, otherwise why the closest one does not.</summary>
    public string? Problem(IReadOnlyDictionary<string, MetricFamily> families, out MetricFamily? matched)
    {
        matched = null;
        var candidates = Candidates(families).ToList();
        if (candidates.Count == 0) return $"{Display} is not exposed";
        string? firstProblem = null;
        foreach (var family in candidates)
        {
            var problem = ProblemWith(family);
            if (problem is null) { matched = family; return null; }
            firstProblem ??= problem;
        }
        return firstProblem;
    }

    private string? ProblemWith(MetricFamily family)
    {
        if (Type is { } type && family.Type != type)
            return $"{family.Name} is a {Name(family.Type)}, expected a {Name(type)}";
        if (Labels.Count > 0 && !family.Samples.Any(s => Labels.All(l => s.Label(l.Key) is { } v && (l.Value == "*" || v == l.Value))))
            return $"{family.Name} has no sample with labels {string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}";
        if (NonZero)
        {
            var values = family.Samples.Where(s => family.Type switch
            {
                MetricType.Histogram or MetricType.Summary => s.Name.EndsWith("_count", StringComparison.Ordinal),
                _ => !s.Name.EndsWith("_created", StringComparison.Ordinal),
            }).Select(s => s.Value);
            if (!values.Any(v => v > 0)) return $"{family.Name} is zero";
        }
        return null;

        static string Name(MetricType t) => t.ToString().ToLowerInvariant();
    }

    public static MetricType ParseType(string text) => text.ToLowerInvariant() switch
    {
        "counter" => MetricType.Counter,
        "gauge" => MetricType.Gauge,
        "histogram" => MetricType.Histogram,
        "summary" => MetricType.Summary,
        "untyped" or "unknown" => MetricType.Untyped,
        "gaugehistogram" => MetricType.GaugeHistogram,
        "info" => MetricType.Info,
        "stateset" => MetricType.StateSet,
        _ => throw new ArgumentException($"'{text}' is not a metric type (counter, gauge, histogram, summary, untyped, info, stateset, gaugehistogram)"),
    };
}
