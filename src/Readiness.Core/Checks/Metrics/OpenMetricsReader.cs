using System.Globalization;
using System.Text;
using static Readiness.Core.Checks.Metrics.MetricsParser;

namespace Readiness.Core.Checks.Metrics;

/// <summary>
/// OpenMetrics 1.0 line by line: the ABNF (single spaces, no blank lines, # EOF last), metadata before samples and
/// once per family, families and label sets not interleaved, and the value and structure rules of each type.
/// </summary>
internal sealed class OpenMetricsReader
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoLabels = Array.Empty<KeyValuePair<string, string>>();

    private sealed class Family(string name, int line)
    {
        public readonly MetricFamily Metric = new(name, line);
        public bool TypeSeen, HelpSeen, UnitSeen;
        public string[] Allowed = SuffixesOf(MetricType.Untyped);
        public readonly HashSet<string> SeenGroups = new(StringComparer.Ordinal);
        public MetricSample? Previous;
        public string? PreviousExcluded;
        public double? GroupTimestamp;
        public readonly HashSet<(string Name, string? Excluded)> GroupSeries = new();
    }

    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private Family? _current;
    private bool _eof;

    private static MetricsParseException Error(int line, string reason, string rule) => new(line, reason, rule);

    public MetricFamily? Feed(RawLine line)
    {
        var n = line.Number;
        var text = line.Text;
        if (_eof) throw Error(n, "content after # EOF", "om.eof");
        if (line.InvalidUtf8) throw Error(n, "the line is not valid UTF-8", "om.utf8");
        if (text == "# EOF") { _eof = true; return Finish(); }
        if (!line.Terminated) throw Error(n + 1, "missing # EOF at the end of OpenMetrics text (the last line has no line feed either)", "om.eof");
        if (text.Length == 0) throw Error(n, "empty line (OpenMetrics forbids blank lines)", "om.blank-line");
        if (text.IndexOf('\r') >= 0) throw Error(n, "carriage return in the line; OpenMetrics lines end in a single line feed", "om.line-feed");
        return text[0] == '#' ? Metadata(text, n) : Sample(text, n);
    }

    /// <summary>
    /// As <see cref="Feed"/>, for a sample line another reader already parsed into <paramref name="parsed"/>; only
    /// valid when the line has OpenMetrics' exact spacing (<see cref="HasExactSpacing"/>), where both grammars agree.
    /// </summary>
    public MetricFamily? Feed(RawLine line, MetricSample parsed)
    {
        if (_eof || line.InvalidUtf8 || !line.Terminated) return Feed(line);
        return Add(parsed, line.Number);
    }

    /// <summary>
    /// A sample line with single spaces, no tabs or CR, no blanks or trailing comma in label sets and a space after
    /// them: the text format reads it exactly as OpenMetrics does.
    /// </summary>
    public static bool HasExactSpacing(string text)
    {
        if (text.Length == 0 || !IsNameChar(text[0], true) || text[^1] == ' ') return false;
        var quoted = false;
        var braces = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case '\t' or '\r': return false;
                case ' ' when braces || text[i - 1] == ' ': return false;
                case '{':
                    if (text[i - 1] == ' ' && text[i - 2] != '#') return false;
                    braces = true;
                    break;
                case '}':
                    if (text[i - 1] == ',' || i + 1 >= text.Length || text[i + 1] != ' ') return false;
                    braces = false;
                    break;
            }
        }
        return !quoted && !braces;
    }

    public MetricFamily? End(int lastLine)
    {
        if (!_eof) throw Error(lastLine + 1, "missing # EOF at the end of OpenMetrics text", "om.eof");
        return null;
    }

    private MetricFamily? Metadata(string text, int n)
    {
        var parts = text.Split(' ', 4);
        var keyword = parts.Length > 1 && parts[0] == "#" ? parts[1] : "";
        if (keyword is not ("HELP" or "TYPE" or "UNIT"))
            throw Error(n, $"unexpected comment '{Shorten(text)}' (OpenMetrics allows only '# HELP', '# TYPE', '# UNIT' and '# EOF', each with single spaces)", "om.comment");
        if (parts.Length < 4)
            throw Error(n, $"# {keyword} needs a metric name, a space and {(keyword == "TYPE" ? "a type" : "its text, which may be empty")}", "om.metadata-syntax");
        var name = parts[2];
        if (!IsMetricName(name)) throw Error(n, $"invalid metric name '{Shorten(name)}' in # {keyword} line", "om.metric-name");
        MetricFamily? done = null;
        if (_current is not null && _current.Metric.Name == name)
        {
            if (_current.Metric.Samples.Count > 0)
                throw Error(n, $"# {keyword} for {name} comes after its samples; metadata must come first", "om.metadata-order");
        }
        else
        {
            done = Finish();
            Start(name, n);
        }
        var family = _current!;
        var value = parts[3];
        switch (keyword)
        {
            case "HELP":
                if (family.HelpSeen) throw Error(n, $"second HELP line for {name}", "om.help-repeated");
                family.HelpSeen = true;
                family.Metric.Help = UnescapeHelp(value, true, out _);
                break;
            case "TYPE":
                if (family.TypeSeen) throw Error(n, $"second TYPE line for {name}", "om.type-repeated");
                family.TypeSeen = true;
                family.Metric.Type = value switch
                {
                    "counter" => MetricType.Counter,
                    "gauge" => MetricType.Gauge,
                    "histogram" => MetricType.Histogram,
                    "gaugehistogram" => MetricType.GaugeHistogram,
                    "summary" => MetricType.Summary,
                    "info" => MetricType.Info,
                    "stateset" => MetricType.StateSet,
                    "unknown" => MetricType.Untyped,
                    _ => throw Error(n, $"unknown metric type '{Shorten(value)}' (counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown)", "om.type-unknown"),
                };
                family.Allowed = SuffixesOf(family.Metric.Type);
                CheckUnitAllowed(family, n);
                break;
            case "UNIT":
                if (family.UnitSeen) throw Error(n, $"second UNIT line for {name}", "om.unit-repeated");
                family.UnitSeen = true;
                for (var i = 0; i < value.Length; i++)
                    if (!IsNameChar(value[i], false)) throw Error(n, $"unit '{Shorten(value)}' of {name} may contain only letters, digits, _ and :", "om.unit-syntax");
                if (value.Length > 0 && !name.EndsWith("_" + value, StringComparison.Ordinal))
                    throw Error(n, $"metric {name} has unit {value} but its name does not end in _{value}", "om.unit-suffix");
                family.Metric.Unit = value.Length > 0 ? value : null;
                CheckUnitAllowed(family, n);
                break;
        }
        return done;
    }

    private static void CheckUnitAllowed(Family family, int n)
    {
        if (family.Metric.Unit is not null && family.Metric.Type is MetricType.Info or MetricType.StateSet)
            throw Error(n, $"{family.Metric.Name} is {(family.Metric.Type == MetricType.Info ? "an info" : "a stateset")}, which has no unit", "om.unit-type");
    }

    private void Start(string name, int n)
    {
        if (_usedNames.Contains(name))
            throw Error(n, $"metric family {name} appears again after other families, or clashes with a name one of them uses (its lines must be grouped)", "om.family-grouping");
        _current = new Family(name, n);
    }

    private MetricFamily? Finish()
    {
        if (_current is not { } family) return null;
        _current = null;
        var metric = family.Metric;
        if (metric.Type is MetricType.Histogram or MetricType.GaugeHistogram) CheckHistogram(metric);
        foreach (var suffix in family.Allowed.Append(""))
        {
            if (suffix.Length > 0 && _usedNames.Contains(metric.Name + suffix))
                throw Error(metric.Line, $"the samples of {metric.Name} would be named {metric.Name + suffix}, which another family already uses", "om.family-grouping");
            _usedNames.Add(metric.Name + suffix);
        }
        return metric;
    }

    private MetricFamily? Sample(string text, int n) => Add(ParseSample(text, n), n);

    private MetricFamily? Add(MetricSample sample, int n)
    {
        MetricFamily? done = null;
        if (_current is null || !Belongs(_current, sample.Name))
        {
            done = Finish();
            Start(sample.Name, n);
        }
        Check(_current!, sample, n);
        _current!.Metric.Samples.Add(sample);
        return done;
    }

    private static readonly string[] KnownSuffixes = { "", "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info" };

    /// <summary>The type suffix of a sample name, as a shared string rather than a new substring per sample.</summary>
    private static string SuffixOf(string sampleName, string familyName)
    {
        var tail = sampleName.AsSpan(familyName.Length);
        foreach (var known in KnownSuffixes) if (tail.SequenceEqual(known)) return known;
        return tail.ToString();
    }

    private static bool Belongs(Family family, string sampleName)
    {
        var name = family.Metric.Name;
        if (!sampleName.StartsWith(name, StringComparison.Ordinal)) return false;
        var suffix = sampleName.AsSpan(name.Length);
        foreach (var allowed in family.Allowed) if (suffix.SequenceEqual(allowed)) return true;
        return false;
    }

    private static void Check(Family family, MetricSample s, int n)
    {
        var metric = family.Metric;
        var type = metric.Type;
        var suffix = SuffixOf(s.Name, metric.Name);
        if (suffix is "_total" or "_sum" or "_count" or "_bucket" or "_gcount" or "_gsum")
        {
            if (double.IsNaN(s.Value)) throw Error(n, $"{s.Name} is NaN; counter-like values ({suffix}) must be numbers", "om.counter-value");
            if (s.Value < 0 && suffix != "_gsum") throw Error(n, $"{s.Name} is {Format(s.Value)}; counter-like values ({suffix}) must not be negative", "om.counter-value");
        }
        if (suffix == "_bucket")
        {
            var le = s.Label("le") ?? throw Error(n, $"histogram bucket {s.Name} has no le label", "om.histogram-le");
            if (!TryParseNumber(le, out var bound, out _) || double.IsNaN(bound))
                throw Error(n, $"histogram bucket {s.Name} has le=\"{Shorten(le)}\", not a number", "om.histogram-le");
            if (double.IsInfinity(bound) && le is not ("+Inf" or "-Inf"))
                throw Error(n, $"histogram bucket {s.Name} has le=\"{Shorten(le)}\"; infinity is written +Inf", "om.histogram-le");
        }
        if (suffix is "_bucket" or "_count" or "_gcount" && !(double.IsFinite(s.Value) && Math.Floor(s.Value) == s.Value))
            throw Error(n, $"{s.Name} is {Format(s.Value)}; bucket and count values must be integers", "om.count-integer");
        if (type == MetricType.Summary && suffix.Length == 0)
        {
            var q = s.Label("quantile") ?? throw Error(n, $"summary sample {s.Name} has no quantile label", "om.summary-quantile");
            if (!TryParseNumber(q, out var quantile, out _) || !(quantile is >= 0 and <= 1))
                throw Error(n, $"summary quantile \"{Shorten(q)}\" of {s.Name} is not a number between 0 and 1", "om.summary-quantile");
            if (s.Value < 0) throw Error(n, $"quantile value of {s.Name} is {Format(s.Value)}; quantiles of a summary must not be negative", "om.summary-value");
        }
        if (type == MetricType.Info && s.Value != 1) throw Error(n, $"info sample {s.Name} is {Format(s.Value)}; info values are always 1", "om.info-value");
        if (type == MetricType.StateSet)
        {
            if (s.Label(metric.Name) is null) throw Error(n, $"stateset sample {s.Name} has no {metric.Name} label naming its state", "om.stateset-label");
            if (s.Value is not (0 or 1)) throw Error(n, $"stateset sample {s.Name} is {Format(s.Value)}; states are 0 or 1", "om.stateset-value");
        }
        if (s.Exemplar is not null && !((type is MetricType.Histogram or MetricType.GaugeHistogram && suffix == "_bucket") || (type == MetricType.Counter && suffix == "_total")))
            throw Error(n, $"exemplar on {s.Name}; exemplars are allowed only on counter _total and histogram _bucket samples", "om.exemplar-placement");

        var excluded = ExcludedLabel(type, suffix, metric.Name);
        // Consecutive samples of one series are the common case: compare with the previous one before building a key.
        if (family.Previous is not { } previous || !SameGroup(previous, family.PreviousExcluded, s, excluded))
        {
            if (!family.SeenGroups.Add(GroupKey(s, excluded)))
                throw Error(n, $"{s.Name}{{{LabelText(s, null)}}} continues a series of {metric.Name} that another label set interrupted; each series' samples must be together", "om.series-grouping");
            family.GroupSeries.Clear();
        }
        else
        {
            if (s.Timestamp.HasValue != family.GroupTimestamp.HasValue)
                throw Error(n, $"{s.Name} {(s.Timestamp.HasValue ? "has" : "lacks")} a timestamp unlike the samples before it in its series", "om.timestamp-mixed");
            if (s.Timestamp < family.GroupTimestamp && type != MetricType.Info)
                throw Error(n, $"timestamp of {s.Name} goes backwards within its series", "om.timestamp-order");
            if (s.Timestamp != family.GroupTimestamp) family.GroupSeries.Clear();
        }
        family.Previous = s;
        family.PreviousExcluded = excluded;
        family.GroupTimestamp = s.Timestamp;
        if (!family.GroupSeries.Add((s.Name, excluded is null ? null : s.Label(excluded))))
            throw Error(n, $"{s.Name}{{{LabelText(s, null)}}} appears twice{(s.Timestamp.HasValue ? " with the same timestamp" : "")}", "om.duplicate-series");
    }

    /// <summary>The label that tells samples of one group apart: le of a bucket, quantile, a stateset's state.</summary>
    private static string? ExcludedLabel(MetricType type, string suffix, string familyName) =>
        type is MetricType.Histogram or MetricType.GaugeHistogram && suffix == "_bucket" ? "le"
        : type == MetricType.Summary && suffix.Length == 0 ? "quantile"
        : type == MetricType.StateSet ? familyName
        : null;

    /// <summary>Same labels apart from each sample's own excluded label, in any order.</summary>
    private static bool SameGroup(MetricSample a, string? aWithout, MetricSample b, string? bWithout)
    {
        var count = 0;
        foreach (var (k, v) in a.Labels)
        {
            if (k == aWithout) continue;
            count++;
            if (k == bWithout || b.Label(k) != v) return false;
        }
        foreach (var (k, _) in b.Labels) if (k != bWithout) count--;
        return count == 0;
    }

    private static string GroupKey(MetricSample s, string? without)
    {
        if (s.Labels.Count == 0) return "";
        var sb = new StringBuilder();
        foreach (var (k, v) in s.Labels.Where(l => l.Key != without).OrderBy(l => l.Key, StringComparer.Ordinal))
            sb.Append(k).Append('=').Append(v.Length).Append(':').Append(v).Append(',');
        return sb.ToString();
    }

    private static string LabelText(MetricSample s, string? without)
    {
        if (s.Labels.Count == 0) return "";
        var sb = new StringBuilder();
        foreach (var (k, v) in s.Labels.Where(l => l.Key != without).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(k).Append("=\"").Append(v.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append('"');
        }
        return sb.ToString();
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A histogram series (labels without le, one timestamp) needs increasing le ending in +Inf, cumulative buckets, a
    /// _count equal to the +Inf bucket, _sum and _count together, and no _sum once a bucket is negative; a broken
    /// histogram silently skews histogram_quantile.
    /// </summary>
    private static void CheckHistogram(MetricFamily family)
    {
        var gauge = family.Type == MetricType.GaugeHistogram;
        MetricSample? first = null, lastBucket = null, count = null, sum = null;
        double? bound = null;
        double value = 0;
        bool negativeBucket = false, negativeGsum = false;

        void Close()
        {
            var where = LabelText(first!, "le");
            var series = where.Length == 0 ? family.Name : $"{family.Name}{{{where}}}";
            if (bound != double.PositiveInfinity)
                throw Error((lastBucket ?? first)!.Line, $"histogram {series} has no +Inf bucket", "om.histogram-inf");
            if (count is not null && count.Value != value)
                throw Error(count.Line, $"{count.Name} is {Format(count.Value)} but the +Inf bucket is {Format(value)}; they must be equal", "om.histogram-count");
            var (sumName, countName) = gauge ? ("_gsum", "_gcount") : ("_sum", "_count");
            if (sum is not null && count is null) throw Error(sum.Line, $"histogram {series} has {sumName} but no {countName}", "om.histogram-sum-count");
            if (sum is null && count is not null) throw Error(count.Line, $"histogram {series} has {countName} but no {sumName}", "om.histogram-sum-count");
            if (!gauge && negativeBucket && sum is not null) throw Error(sum.Line, $"histogram {series} has a negative bucket, so it cannot have _sum", "om.histogram-negative");
            if (gauge && !negativeBucket && negativeGsum) throw Error(sum!.Line, $"gauge histogram {series} has a negative _gsum but no negative bucket", "om.histogram-negative");
        }

        MetricSample? before = null;
        foreach (var s in family.Samples)
        {
            if (before is null || s.Timestamp != before.Timestamp || !SameGroup(before, "le", s, "le"))
            {
                if (before is not null) Close();
                first = s;
                lastBucket = count = sum = null;
                bound = null;
                value = 0;
                negativeBucket = negativeGsum = false;
            }
            before = s;
            switch (SuffixOf(s.Name, family.Name))
            {
                case "_bucket":
                    TryParseNumber(s.Label("le")!, out var le, out _);
                    if (le < 0) negativeBucket = true;
                    if (bound is { } previous && le <= previous)
                        throw Error(s.Line, $"buckets of {family.Name} are not in increasing le order", "om.histogram-order");
                    if (s.Value < value)
                        throw Error(s.Line, $"bucket le=\"{s.Label("le")}\" of {family.Name} is smaller than the one before; buckets are cumulative", "om.histogram-cumulative");
                    bound = le;
                    value = s.Value;
                    lastBucket = s;
                    break;
                case "_count" or "_gcount":
                    count = s;
                    break;
                case "_sum" or "_gsum":
                    sum = s;
                    if (s.Value < 0) negativeGsum = true;
                    break;
            }
        }
        if (before is not null) Close();
    }

    /// <summary>metricname [labels] SP number [SP timestamp] [SP # SP labels SP number [SP timestamp]], nothing else.</summary>
    internal static MetricSample ParseSample(string text, int n)
    {
        var i = 0;
        while (i < text.Length && IsNameChar(text[i], i == 0)) i++;
        if (i == 0) throw Error(n, $"expected a metric name at column 1, found '{Shorten(text)}'", "om.metric-name");
        var name = text[..i];
        var labels = NoLabels;
        if (i < text.Length && text[i] == '{')
        {
            i++;
            labels = ReadLabels(text, ref i, n, name);
        }
        if (i >= text.Length) throw Error(n, $"sample {name} has no value", "om.sample-syntax");
        if (text[i] != ' ') throw Error(n, $"unexpected '{Visible(text[i])}' after {name} at column {i + 1}; one space separates name and value", "om.separator");
        i++;
        var valueText = Token(text, ref i, n, name, "value");
        if (!TryParseNumber(valueText, out var value, out _) || (valueText[0] is '+' or '-' && double.IsNaN(value)))
            throw Error(n, $"sample {name} has value '{Shorten(valueText)}', not a number", "om.value");
        double? timestamp = null;
        MetricExemplar? exemplar = null;
        if (i < text.Length)
        {
            i++;
            if (i < text.Length && text[i] != '#')
            {
                var tsText = Token(text, ref i, n, name, "timestamp");
                if (!IsRealNumber(tsText))
                    throw Error(n, $"timestamp '{Shorten(tsText)}' of {name} is not a number of seconds (no NaN or Inf)", "om.timestamp");
                timestamp = double.Parse(tsText, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (i < text.Length)
                {
                    i++;
                    if (i < text.Length && text[i] != '#')
                        throw Error(n, $"unexpected text '{Shorten(text[i..])}' after the timestamp of {name}", "om.sample-syntax");
                }
            }
            if (i < text.Length) exemplar = ReadExemplar(text, ref i, n, name);
            else if (text[^1] == ' ') throw Error(n, $"trailing space after {name}", "om.separator");
        }
        return new MetricSample(name, labels, value, timestamp, exemplar, n);
    }

    private static string Visible(char c) => c switch { '\t' => "\\t", ' ' => "space", _ => c.ToString() };

    private static string Token(string text, ref int i, int n, string name, string what)
    {
        var start = i;
        while (i < text.Length && text[i] != ' ') i++;
        if (i == start) throw Error(n, $"two spaces or a trailing space before the {what} of {name}; OpenMetrics separates with single spaces", "om.separator");
        var token = text[start..i];
        if (token.IndexOf('\t') >= 0) throw Error(n, $"tab in the {what} of {name}; OpenMetrics separates with single spaces", "om.separator");
        return token;
    }

    internal static MetricExemplar ReadExemplar(string text, ref int i, int n, string name)
    {
        i++; // '#'
        if (i + 1 >= text.Length || text[i] != ' ' || text[i + 1] != '{')
            throw Error(n, $"exemplar of {name} must be '# {{labels}} value [timestamp]'", "om.exemplar-syntax");
        i += 2;
        var labels = ReadLabels(text, ref i, n, name + " exemplar");
        var length = labels.Sum(l => l.Key.EnumerateRunes().Count() + l.Value.EnumerateRunes().Count());
        if (length > 128) throw Error(n, $"exemplar labels of {name} have {length} characters; at most 128 are allowed", "om.exemplar-length");
        if (i >= text.Length || text[i] != ' ') throw Error(n, $"exemplar of {name} has no value after its labels", "om.exemplar-syntax");
        i++;
        var valueText = Token(text, ref i, n, name, "exemplar value");
        if (!TryParseNumber(valueText, out var value, out _)) throw Error(n, $"exemplar of {name} has value '{Shorten(valueText)}', not a number", "om.exemplar-syntax");
        double? timestamp = null;
        if (i < text.Length)
        {
            i++;
            var tsText = Token(text, ref i, n, name, "exemplar timestamp");
            if (!IsRealNumber(tsText)) throw Error(n, $"exemplar timestamp '{Shorten(tsText)}' of {name} is not a number of seconds (no NaN or Inf)", "om.exemplar-timestamp");
            timestamp = double.Parse(tsText, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (i < text.Length) throw Error(n, $"unexpected text '{Shorten(text[i..])}' after the exemplar of {name}", "om.exemplar-syntax");
        }
        return new MetricExemplar(labels, value, timestamp);
    }

    /// <summary>Starts after '{': name="value" pairs separated by single commas, no spaces, no trailing comma.</summary>
    private static List<KeyValuePair<string, string>> ReadLabels(string text, ref int i, int n, string owner)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (i < text.Length && text[i] == '}') { i++; return labels; }
        while (true)
        {
            var start = i;
            while (i < text.Length && IsLabelChar(text[i], i == start)) i++;
            if (i == start)
                throw i >= text.Length || text[i] is ' ' or ',' or '}' or '"' or '='
                    ? Error(n, $"expected a label name at column {start + 1} of {owner} (no spaces or empty entries in OpenMetrics label sets)", "om.label-syntax")
                    : Error(n, $"invalid label name at column {start + 1} of {owner}", "om.label-name");
            var labelName = text[start..i];
            if (i < text.Length && IsNameChar(text[i], false)) throw Error(n, $"label name {labelName}{text[i]}... of {owner} may contain only letters, digits and _", "om.label-name");
            if (labelName == "__name__") throw Error(n, $"label name __name__ is reserved (in {owner})", "om.label-reserved");
            if (i >= text.Length || text[i] != '=') throw Error(n, $"expected '=' after label {labelName} of {owner}", "om.label-syntax");
            i++;
            if (i >= text.Length || text[i] != '"') throw Error(n, $"value of label {labelName} of {owner} must be in double quotes", "om.label-syntax");
            i++;
            var value = ReadQuoted(text, ref i, out _) ?? throw Error(n, $"value of label {labelName} of {owner} is not closed with '\"'", "om.label-syntax");
            AddLabel(labels, labelName, value, n, owner, "om.label-duplicate");
            if (i < text.Length && text[i] == ',')
            {
                i++;
                if (i < text.Length && text[i] == '}') throw Error(n, $"trailing comma in the label set of {owner}", "om.label-syntax");
                continue;
            }
            if (i < text.Length && text[i] == '}') { i++; return labels; }
            throw Error(n, $"expected ',' or '}}' right after label {labelName} of {owner}", "om.label-syntax");
        }
    }
}
