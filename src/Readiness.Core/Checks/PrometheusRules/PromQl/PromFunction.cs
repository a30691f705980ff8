namespace Readiness.Core.Checks.PrometheusRules.PromQl;

/// <summary>
/// A PromQL function signature. <see cref="Variadic"/> follows Prometheus: 0 fixed arity, n &gt; 0 up to n optional
/// trailing arguments, -1 any number of extra arguments of the last type.
/// </summary>
public sealed record PromFunction(string Name, PromType[] ArgTypes, PromType Returns, int Variadic = 0)
{
    private const PromType S = PromType.Scalar, V = PromType.Vector, M = PromType.Matrix, Str = PromType.String;

    /// <summary>The functions of Prometheus 2.42 (the version promtool on these machines checks against).</summary>
    public static readonly IReadOnlyDictionary<string, PromFunction> All = new[]
    {
        F("abs", V), F("absent", V), F("absent_over_time", M), F("acos", V), F("acosh", V), F("asin", V), F("asinh", V),
        F("atan", V), F("atanh", V), F("avg_over_time", M), F("ceil", V), F("changes", M),
        F("clamp", V, S, S), F("clamp_max", V, S), F("clamp_min", V, S), F("cos", V), F("cosh", V), F("count_over_time", M),
        Opt("days_in_month", V), Opt("day_of_month", V), Opt("day_of_week", V), Opt("day_of_year", V), F("deg", V),
        F("delta", M), F("deriv", M), F("exp", V), F("floor", V),
        F("histogram_count", V), F("histogram_sum", V), F("histogram_fraction", S, S, V), F("histogram_quantile", S, V),
        F("holt_winters", M, S, S), Opt("hour", V), F("idelta", M), F("increase", M), F("irate", M),
        F("label_replace", V, Str, Str, Str, Str), new("label_join", new[] { V, Str, Str, Str }, V, -1),
        F("last_over_time", M), F("ln", V), F("log10", V), F("log2", V), F("max_over_time", M), F("min_over_time", M),
        Opt("minute", V), Opt("month", V), new("pi", Array.Empty<PromType>(), S), F("predict_linear", M, S), F("present_over_time", M),
        F("quantile_over_time", S, M), F("rad", V), F("rate", M), F("resets", M), new("round", new[] { V, S }, V, 1),
        new("scalar", new[] { V }, S), F("sgn", V), F("sin", V), F("sinh", V), F("sort", V), F("sort_desc", V), F("sqrt", V),
        F("stddev_over_time", M), F("stdvar_over_time", M), F("sum_over_time", M), F("tan", V), F("tanh", V),
        new("time", Array.Empty<PromType>(), S), F("timestamp", V), new("vector", new[] { S }, V), Opt("year", V),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    private static PromFunction F(string name, params PromType[] args) => new(name, args, V);
    private static PromFunction Opt(string name, PromType arg) => new(name, new[] { arg }, V, 1);

    public int MinArgs => Variadic > 0 ? ArgTypes.Length - Variadic : Variadic < 0 ? ArgTypes.Length - 1 : ArgTypes.Length;
    public int? MaxArgs => Variadic < 0 ? null : ArgTypes.Length;

    public PromType ArgType(int index) => index < ArgTypes.Length ? ArgTypes[index] : ArgTypes[^1];
}
