using System.Text.RegularExpressions;
using Readiness.Core.Checks.PrometheusRules.PromQl;

namespace Readiness.Core.Checks.PrometheusRules;

/// <summary>
/// A required alert described by what it watches, not by its name: the metrics its expression reads, a comparison
/// with a threshold (error ratio &gt; 0.01), optionally a histogram quantile (p95 via histogram_quantile(0.95, ...)),
/// and the severity it must carry.
/// </summary>
public sealed class AlertIntent
{
    public string Description { get; init; } = "";
    /// <summary>Every one of these must be read by the expression; each is a metric name or a /regex/.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = Array.Empty<string>();
    /// <summary>&gt;, &gt;=, &lt; or &lt;=; &gt; also accepts &gt;= and vice versa (the boundary rarely matters for alerts).</summary>
    public string? Op { get; init; }
    public double? Threshold { get; init; }
    public double? Quantile { get; init; }
    public string? Severity { get; init; }
    public string? AlertName { get; init; }

    public string Display
    {
        get
        {
            var what = Quantile is { } q ? $"histogram_quantile({Fmt(q)}, {string.Join(", ", Metrics)})" : string.Join(" / ", Metrics);
            var cmp = Op is null ? "" : $" {Op} {Fmt(Threshold ?? 0)}";
            return Description.Length > 0 ? $"{Description} ({what}{cmp})" : what + cmp;
        }
    }

    /// <summary>Why <paramref name="rule"/> does not express this intent, or null when it does.</summary>
    public string? Mismatch(PrometheusRule rule)
    {
        if (!rule.IsAlert || rule.Parsed is null) return "not a valid alert";
        if (AlertName is not null && rule.Name != AlertName) return $"named {rule.Name}";
        if (Severity is not null && (!rule.Labels.TryGetValue("severity", out var s) || !s.Equals(Severity, StringComparison.OrdinalIgnoreCase)))
            return $"severity is {(rule.Labels.TryGetValue("severity", out var actual) ? actual : "missing")}, not {Severity}";
        if (Op is null)
            return ReadsAll(rule.Parsed) ? null : "does not read " + string.Join(", ", Metrics);
        foreach (var comparison in rule.Parsed.Descendants().OfType<BinaryExpr>().Where(b => b.IsComparison))
            if (Satisfies(comparison)) return null;
        return "has no comparison " + Display;
    }

    private bool Satisfies(BinaryExpr comparison)
    {
        // Put the literal on the right: 0.01 < x is x > 0.01.
        var (watched, literal, op) = Literal(comparison.Rhs) is { } r ? (comparison.Lhs, r, comparison.Op)
            : Literal(comparison.Lhs) is { } l ? (comparison.Rhs, l, Flip(comparison.Op)) : (null, 0d, "");
        if (watched is null || !SameDirection(op, Op!)) return false;
        // x * 100 > 1 is the ratio x > 0.01; 1000 * x > 100 is 0.1 s written in ms: divide out literal factors.
        var thresholds = new List<double> { literal };
        var coefficient = Coefficient(watched);
        if (coefficient != 1 && coefficient != 0 && !double.IsNaN(coefficient)) thresholds.Add(literal / coefficient);
        if (Threshold is { } t && !thresholds.Any(x => Close(x, t))) return false;
        if (Quantile is { } q)
            return watched.Descendants().OfType<CallExpr>().Any(c => c.Function.Name == "histogram_quantile"
                && Literal(c.Args[0]) is { } arg && Close(arg, q) && ReadsAll(c.Args[1]));
        return ReadsAll(watched);
    }

    private bool ReadsAll(PromExpr expr)
    {
        var names = expr.Descendants().OfType<VectorSelector>().Select(v => v.MetricName).OfType<string>().ToList();
        return Metrics.All(m => names.Any(n => Matches(m, n)));
    }

    private static bool Matches(string pattern, string name) =>
        pattern.Length > 2 && pattern[0] == '/' && pattern[^1] == '/'
            ? Regex.IsMatch(name, pattern[1..^1], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : string.Equals(pattern, name, StringComparison.Ordinal);

    /// <summary>The product of the number literals in a chain of * and /, e.g. 100 in 100 * a / b.</summary>
    private static double Coefficient(PromExpr e) => Unwrap(e) switch
    {
        NumberLiteral n => n.Value,
        BinaryExpr { Op: "*" } b => Coefficient(b.Lhs) * Coefficient(b.Rhs),
        BinaryExpr { Op: "/" } b => Coefficient(b.Lhs) / Coefficient(b.Rhs),
        _ => 1,
    };

    private static PromExpr Unwrap(PromExpr e) => e is ParenExpr p ? Unwrap(p.Expr) : e;

    private static double? Literal(PromExpr e) => Unwrap(e) switch
    {
        NumberLiteral n => n.Value,
        UnaryExpr { Op: '-' } u when Literal(u.Expr) is { } v => -v,
        _ => null,
    };

    private static string Flip(string op) => op switch { ">" => "<", "<" => ">", ">=" => "<=", "<=" => ">=", _ => op };

    private static bool SameDirection(string actual, string wanted) => wanted switch
    {
        ">" or ">=" => actual is ">" or ">=",
        "<" or "<=" => actual is "<" or "<=",
        _ => actual == wanted,
    };

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Fmt(double d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
