using System.Globalization;
using System.Text;

namespace Readiness.Core.Checks.Metrics;

public enum MetricsFormat
{
    /// <summary>Prometheus text 0.0.4, also accepting OpenMetrics-only syntax (# EOF, UNIT, exemplars, float timestamps).</summary>
    Auto,
    PrometheusText,
    OpenMetrics,
}

/// <summary>
/// Streaming parser for the Prometheus text exposition format and OpenMetrics. It reads one line at a time and
/// yields each family as soon as the next one starts, so a large scrape never sits in memory twice. Every problem
/// is a <see cref="MetricsParseException"/> naming the line; nothing else is thrown for any input.
/// </summary>
public static class MetricsParser
{
    private static readonly Dictionary<MetricType, string[]> Suffixes = new()
    {
        [MetricType.Counter] = new[] { "_total", "_created" },
        [MetricType.Histogram] = new[] { "_bucket", "_sum", "_count", "_created" },
        [MetricType.GaugeHistogram] = new[] { "_bucket", "_gsum", "_gcount" },
        [MetricType.Summary] = new[] { "_sum", "_count", "_created" },
        [MetricType.Info] = new[] { "_info" },
    };

    private static readonly string[] AllSuffixes = Suffixes.Values.SelectMany(x => x).Distinct().ToArray();

    /// <summary>Parses everything and merges families by name (the text format lets a family's lines be split).</summary>
    public static Dictionary<string, MetricFamily> ParseAll(string text, MetricsFormat format = MetricsFormat.Auto) =>
        ParseAll(new StringReader(text), format);

    public static Dictionary<string, MetricFamily> ParseAll(TextReader reader, MetricsFormat format = MetricsFormat.Auto)
    {
        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        foreach (var family in Parse(reader, format))
        {
            if (families.TryGetValue(family.Name, out var existing)) existing.Samples.AddRange(family.Samples);
            else families[family.Name] = family;
        }
        return families;
    }

    public static IEnumerable<MetricFamily> Parse(TextReader reader, MetricsFormat format = MetricsFormat.Auto)
    {
        var om = format == MetricsFormat.OpenMetrics;
        var lenient = format == MetricsFormat.Auto;
        MetricFamily? current = null;
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var sawEof = false;
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (sawEof)
            {
                if (line.Length == 0 && !om) continue;
                throw new MetricsParseException(lineNumber, "content after # EOF");
            }
            if (line.Length == 0 || (!om && line.Trim().Length == 0))
            {
                if (om) throw new MetricsParseException(lineNumber, "empty line (OpenMetrics forbids blank lines)");
                continue;
            }
            if (line[0] == '#' || (!om && line.TrimStart().StartsWith('#')))
            {
                var comment = line.TrimStart();
                if (comment == "# EOF" && (om || lenient)) { sawEof = true; continue; }
                var (keyword, name, rest) = SplitComment(comment);
                if (keyword is not ("HELP" or "TYPE" or "UNIT") || (keyword == "UNIT" && !om && !lenient))
                {
                    if (om) throw new MetricsParseException(lineNumber, $"unexpected comment '{Shorten(comment)}' (OpenMetrics allows only HELP, TYPE, UNIT and EOF)");
                    continue;
                }
                if (name.Length == 0 || !IsMetricName(name))
                    throw new MetricsParseException(lineNumber, $"invalid metric name '{Shorten(name)}' in {keyword} line");
                if (current is null || current.Name != name)
                {
                    if (current is not null) { if (om) ValidateHistogram(current); finished.Add(current.Name); yield return current; }
                    if (om && finished.Contains(name))
                        throw new MetricsParseException(lineNumber, $"metric family {name} appears again after other families (its lines must be grouped)");
                    current = new MetricFamily(name, lineNumber);
                }
                switch (keyword)
                {
                    case "HELP":
                        if (!helped.Add(name)) throw new MetricsParseException(lineNumber, $"second HELP line for {name}");
                        current.Help = Unescape(rest, om, lineNumber);
                        break;
                    case "TYPE":
                        if (!typed.Add(name)) throw new MetricsParseException(lineNumber, $"second TYPE line for {name}");
                        if (current.Samples.Count > 0) throw new MetricsParseException(lineNumber, $"TYPE line for {name} must come before its samples");
                        current.Type = ParseType(rest.Trim(), om, lineNumber);
                        break;
                    case "UNIT":
                        current.Unit = rest.Trim();
                        if (current.Unit.Length > 0 && !name.EndsWith("_" + current.Unit, StringComparison.Ordinal))
                            throw new MetricsParseException(lineNumber, $"metric {name} has unit {current.Unit} but its name does not end in _{current.Unit}");
                        break;
                }
                continue;
            }

            var sample = ParseSample(line, lineNumber, om, lenient);
            if (current is null || !BelongsTo(current, sample.Name))
            {
                if (current is not null) { if (om) ValidateHistogram(current); finished.Add(current.Name); yield return current; }
                var familyName = sample.Name;
                if (om && (finished.Contains(familyName) || AllSuffixes.Any(x => familyName.EndsWith(x, StringComparison.Ordinal) && finished.Contains(familyName[..^x.Length]))))
                    throw new MetricsParseException(lineNumber, $"metric family {familyName} appears again after other families (its lines must be grouped)");
                current = new MetricFamily(familyName, lineNumber);
            }
            CheckSampleForType(current, sample, lineNumber);
            current.Samples.Add(sample);
        }
        if (om && !sawEof) throw new MetricsParseException(lineNumber + 1, "missing # EOF at the end of OpenMetrics text");
        if (current is not null)
        {
            if (om) ValidateHistogram(current);
            yield return current;
        }
    }

    /// <summary>
    /// OpenMetrics requires every histogram series to have a +Inf bucket, cumulative buckets, and a _count equal to
    /// the +Inf bucket; a broken histogram silently skews histogram_quantile.
    /// </summary>
    private static void ValidateHistogram(MetricFamily family)
    {
        if (family.Type != MetricType.Histogram) return;
        foreach (var series in family.Samples.GroupBy(s => SeriesKey(s)))
        {
            var buckets = series.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            if (buckets.Count == 0) continue;
            var ordered = buckets.Select(b => (Le: TryParseFloat(b.Label("le") ?? "", out var le) ? le : double.NaN, Sample: b)).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (!(ordered[i].Le > ordered[i - 1].Le))
                    throw new MetricsParseException(ordered[i].Sample.Line, $"buckets of {family.Name} are not in increasing le order");
                if (ordered[i].Sample.Value < ordered[i - 1].Sample.Value)
                    throw new MetricsParseException(ordered[i].Sample.Line, $"bucket le=\"{ordered[i].Sample.Label("le")}\" of {family.Name} is smaller than the one before; buckets are cumulative");
            }
            var inf = ordered[^1];
            if (!double.IsPositiveInfinity(inf.Le))
                throw new MetricsParseException(inf.Sample.Line, $"histogram {family.Name} has no +Inf bucket");
            var count = series.FirstOrDefault(s => s.Name == family.Name + "_count");
            if (count is not null && count.Value != inf.Sample.Value)
                throw new MetricsParseException(count.Line, $"{count.Name} is {count.Value} but the +Inf bucket is {inf.Sample.Value}; they must be equal");
        }
    }

    private static string SeriesKey(MetricSample s) =>
        string.Join("\u0001", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "\u0002" + l.Value));

    private static bool BelongsTo(MetricFamily family, string sampleName)
    {
        if (sampleName == family.Name)
            return true;
        if (!sampleName.StartsWith(family.Name, StringComparison.Ordinal)) return false;
        var suffix = sampleName[family.Name.Length..];
        return Suffixes.TryGetValue(family.Type, out var allowed) && allowed.Contains(suffix);
    }

    private static void CheckSampleForType(MetricFamily family, MetricSample sample, int line)
    {
        switch (family.Type)
        {
            case MetricType.Histogram or MetricType.GaugeHistogram when sample.Name.EndsWith("_bucket", StringComparison.Ordinal):
                var le = sample.Label("le") ?? throw new MetricsParseException(line, $"histogram bucket {sample.Name} has no le label");
                if (!TryParseFloat(le, out _)) throw new MetricsParseException(line, $"histogram bucket {sample.Name} has le=\"{Shorten(le)}\", not a number");
                break;
            case MetricType.Summary when sample.Name == family.Name:
                var q = sample.Label("quantile") ?? throw new MetricsParseException(line, $"summary sample {sample.Name} has no quantile label");
                if (!TryParseFloat(q, out _)) throw new MetricsParseException(line, $"summary quantile \"{Shorten(q)}\" of {sample.Name} is not a number");
                break;
        }
    }

    private static MetricType ParseType(string text, bool om, int line) => text switch
    {
        "counter" => MetricType.Counter,
        "gauge" => MetricType.Gauge,
        "histogram" => MetricType.Histogram,
        "summary" => MetricType.Summary,
        "untyped" when !om => MetricType.Untyped,
        "unknown" => MetricType.Untyped,
        "gaugehistogram" => MetricType.GaugeHistogram,
        "info" => MetricType.Info,
        "stateset" => MetricType.StateSet,
        _ => throw new MetricsParseException(line, $"unknown metric type '{Shorten(text)}' (counter, gauge, histogram, summary, {(om ? "unknown" : "untyped")}, ...)"),
    };

    private static (string Keyword, string Name, string Text) SplitComment(string comment)
    {
        var body = comment[1..];
        if (body.Length == 0 || body[0] != ' ') return ("", "", "");
        body = body.TrimStart(' ', '\t');
        var parts = body.Split(new[] { ' ', '\t' }, 3, StringSplitOptions.None);
        if (parts.Length < 2) return (parts[0], "", "");
        var rest = parts.Length > 2 ? parts[2] : "";
        return (parts[0], parts[1], rest);
    }

    private static string Unescape(string text, bool om, int line)
    {
        if (text.IndexOf('\\') < 0) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length) { sb.Append(text[i]); continue; }
            var c = text[++i];
            switch (c)
            {
                case '\\': sb.Append('\\'); break;
                case 'n': sb.Append('\n'); break;
                case '"' when om: sb.Append('"'); break;
                default:
                    if (om) throw new MetricsParseException(line, $"invalid escape \\{c} in HELP text");
                    sb.Append('\\').Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static MetricSample ParseSample(string line, int lineNumber, bool om, bool lenient)
    {
        var i = 0;
        if (!om) while (i < line.Length && line[i] is ' ' or '\t') i++;
        var start = i;
        while (i < line.Length && IsNameChar(line[i], i == start)) i++;
        if (i == start) throw new MetricsParseException(lineNumber, $"expected a metric name at column {start + 1}, found '{Shorten(line[start..])}'");
        var name = line[start..i];
        var labels = new List<KeyValuePair<string, string>>();
        var afterName = i;
        SkipBlanks(line, ref afterName, om);
        if (afterName < line.Length && line[afterName] == '{')
        {
            i = afterName + 1;
            ReadLabels(line, ref i, labels, lineNumber, om, name);
        }
        if (i >= line.Length || line[i] is not (' ' or '\t'))
            throw new MetricsParseException(lineNumber, i >= line.Length ? $"sample {name} has no value" : $"unexpected '{line[i]}' after {name} at column {i + 1}");
        SkipBlanks(line, ref i, false);
        var valueText = ReadToken(line, ref i);
        if (valueText.Length == 0) throw new MetricsParseException(lineNumber, $"sample {name} has no value");
        if (!TryParseFloat(valueText, out var value)) throw new MetricsParseException(lineNumber, $"sample {name} has value '{Shorten(valueText)}', not a number");
        double? timestamp = null;
        MetricExemplar? exemplar = null;
        SkipBlanks(line, ref i, false);
        if (i < line.Length && line[i] != '#')
        {
            var tsText = ReadToken(line, ref i);
            timestamp = ParseTimestamp(tsText, om, lenient, lineNumber, name);
            SkipBlanks(line, ref i, false);
        }
        if (i < line.Length && line[i] == '#')
        {
            if (!om && !lenient) throw new MetricsParseException(lineNumber, $"exemplars are only allowed in OpenMetrics (sample {name})");
            exemplar = ReadExemplar(line, ref i, lineNumber, name);
            SkipBlanks(line, ref i, false);
        }
        if (i < line.Length) throw new MetricsParseException(lineNumber, $"unexpected text '{Shorten(line[i..])}' after the value of {name}");
        return new MetricSample(name, labels, value, timestamp, exemplar, lineNumber);
    }

    private static double ParseTimestamp(string text, bool om, bool lenient, int line, string name)
    {
        if (!om && !lenient)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)) return ms;
            throw new MetricsParseException(line, $"timestamp '{Shorten(text)}' of {name} is not an integer number of milliseconds");
        }
        if (TryParseFloat(text, out var ts) && !double.IsNaN(ts) && !double.IsInfinity(ts)) return ts;
        throw new MetricsParseException(line, $"timestamp '{Shorten(text)}' of {name} is not a number");
    }

    private static MetricExemplar ReadExemplar(string line, ref int i, int lineNumber, string name)
    {
        i++; // '#'
        if (i >= line.Length || line[i] != ' ') throw new MetricsParseException(lineNumber, $"exemplar of {name} must be '# {{labels}} value'");
        SkipBlanks(line, ref i, false);
        if (i >= line.Length || line[i] != '{') throw new MetricsParseException(lineNumber, $"exemplar of {name} must start with a label set");
        i++;
        var labels = new List<KeyValuePair<string, string>>();
        ReadLabels(line, ref i, labels, lineNumber, false, name + " exemplar");
        if (labels.Sum(l => l.Key.Length + l.Value.Length) > 128)
            throw new MetricsParseException(lineNumber, $"exemplar labels of {name} exceed 128 characters");
        SkipBlanks(line, ref i, false);
        var valueText = ReadToken(line, ref i);
        if (!TryParseFloat(valueText, out var value)) throw new MetricsParseException(lineNumber, $"exemplar of {name} has value '{Shorten(valueText)}', not a number");
        SkipBlanks(line, ref i, false);
        double? ts = null;
        if (i < line.Length)
        {
            var tsText = ReadToken(line, ref i);
            if (!TryParseFloat(tsText, out var t)) throw new MetricsParseException(lineNumber, $"exemplar timestamp '{Shorten(tsText)}' of {name} is not a number");
            ts = t;
        }
        return new MetricExemplar(labels, value, ts);
    }

    private static void ReadLabels(string line, ref int i, List<KeyValuePair<string, string>> labels, int lineNumber, bool om, string owner)
    {
        while (true)
        {
            SkipBlanks(line, ref i, om);
            if (i >= line.Length) throw new MetricsParseException(lineNumber, $"label set of {owner} is not closed with '}}'");
            if (line[i] == '}') { i++; return; }
            var start = i;
            while (i < line.Length && IsLabelChar(line[i], i == start)) i++;
            if (i == start) throw new MetricsParseException(lineNumber, $"invalid label name at column {start + 1} of {owner}");
            var labelName = line[start..i];
            SkipBlanks(line, ref i, om);
            if (i >= line.Length || line[i] != '=') throw new MetricsParseException(lineNumber, $"expected '=' after label {labelName} of {owner}");
            i++;
            SkipBlanks(line, ref i, om);
            if (i >= line.Length || line[i] != '"') throw new MetricsParseException(lineNumber, $"value of label {labelName} of {owner} must be in double quotes");
            i++;
            // Fast path: most values have no escapes, so take the substring without a builder.
            var close = line.IndexOf('"', i);
            var slash = close < 0 ? -1 : line.IndexOf('\\', i, close - i);
            if (close >= 0 && slash < 0)
            {
                var plain = line[i..close];
                i = close + 1;
                AddLabel(labels, labelName, plain, lineNumber, owner);
                SkipBlanks(line, ref i, om);
                if (i < line.Length && line[i] == ',') { i++; continue; }
                if (i < line.Length && line[i] == '}') { i++; return; }
                throw new MetricsParseException(lineNumber, $"expected ',' or '}}' after label {labelName} of {owner}");
            }
            var value = new StringBuilder();
            while (true)
            {
                if (i >= line.Length) throw new MetricsParseException(lineNumber, $"value of label {labelName} of {owner} is not closed with '\"'");
                var c = line[i++];
                if (c == '"') break;
                if (c == '\\')
                {
                    if (i >= line.Length) throw new MetricsParseException(lineNumber, $"value of label {labelName} of {owner} ends in a lone backslash");
                    var e = line[i++];
                    value.Append(e switch
                    {
                        '\\' => '\\', '"' => '"', 'n' => '\n',
                        _ => throw new MetricsParseException(lineNumber, $"invalid escape \\{e} in label {labelName} of {owner}"),
                    });
                }
                else value.Append(c);
            }
            AddLabel(labels, labelName, value.ToString(), lineNumber, owner);
            SkipBlanks(line, ref i, om);
            if (i < line.Length && line[i] == ',') { i++; continue; }
            if (i < line.Length && line[i] == '}') { i++; return; }
            throw new MetricsParseException(lineNumber, $"expected ',' or '}}' after label {labelName} of {owner}");
        }
    }

    private static void AddLabel(List<KeyValuePair<string, string>> labels, string name, string value, int lineNumber, string owner)
    {
        foreach (var existing in labels)
            if (existing.Key == name) throw new MetricsParseException(lineNumber, $"label {name} appears twice in {owner}");
        labels.Add(new(name, value));
    }

    private static string ReadToken(string line, ref int i)
    {
        var start = i;
        while (i < line.Length && line[i] is not (' ' or '\t')) i++;
        return line[start..i];
    }

    private static void SkipBlanks(string line, ref int i, bool om)
    {
        if (om) return;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
    }

    public static bool TryParseFloat(string text, out double value)
    {
        switch (text.Length is >= 3 and <= 4 ? text.ToLowerInvariant() : "")
        {
            case "nan": value = double.NaN; return true;
            case "+inf" or "inf": value = double.PositiveInfinity; return true;
            case "-inf": value = double.NegativeInfinity; return true;
        }
        value = 0;
        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '+' or '-' or '.')) return false;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsMetricName(string name)
    {
        if (name.Length == 0) return false;
        for (var i = 0; i < name.Length; i++) if (!IsNameChar(name[i], i == 0)) return false;
        return true;
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static bool IsLabelChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (!first && c is >= '0' and <= '9');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
