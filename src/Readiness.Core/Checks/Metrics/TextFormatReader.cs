using System.Globalization;
using static Readiness.Core.Checks.Metrics.MetricsParser;

namespace Readiness.Core.Checks.Metrics;

/// <summary>
/// Prometheus text format 0.0.4 as the reference parser (Go expfmt) reads it: blanks and tabs between tokens, free
/// comments, every line ending in a line feed, integer millisecond timestamps, only <c>\\</c>, <c>\"</c> and
/// <c>\n</c> escapes. In lenient (auto) mode OpenMetrics-only syntax is noted instead of rejected; it becomes an
/// error at the end unless the text turned out to be OpenMetrics (it ended in # EOF).
/// </summary>
internal sealed class TextFormatReader(bool lenient)
{
    private sealed class Info
    {
        public MetricType Type = MetricType.Untyped;
        public bool TypeSet, HelpSet, HasSamples;
        public string? Help, Unit;
    }

    private readonly Dictionary<string, Info> _infos = new(StringComparer.Ordinal);
    private MetricFamily? _current;
    private Info? _currentInfo;
    private MetricsParseException? _deferred;

    public bool SawEof { get; private set; }
    /// <summary>The sample the last line held, or null for any other line.</summary>
    public MetricSample? LastSample { get; private set; }

    private static MetricsParseException Error(int line, string reason, string rule) => new(line, reason, rule);

    /// <summary>Strict mode rejects now; auto mode remembers the first OpenMetrics-only construct.</summary>
    private void OpenMetricsOnly(int line, string reason, string rule)
    {
        if (!lenient) throw Error(line, reason, rule);
        _deferred ??= Error(line, reason + ", which only OpenMetrics allows, but the text does not end in # EOF", rule);
    }

    public MetricFamily? Feed(RawLine line)
    {
        var text = line.Text;
        var n = line.Number;
        LastSample = null;
        if (SawEof)
        {
            if (text.AsSpan().Trim(" \t").Length == 0) return null;
            throw Error(n, "content after # EOF", "om.eof");
        }
        if (lenient && text == "# EOF")
        {
            SawEof = true;
            var done = _current;
            _current = null;
            return done;
        }
        if (!line.Terminated && text.AsSpan().Trim(" \t").Length > 0) throw Error(n, "the last line does not end in a line feed (text format 0.0.4 ends every line with \\n)", "text.final-newline");
        var i = 0;
        SkipBlanks(text, ref i);
        if (i >= text.Length) return null;
        return text[i] == '#' ? Comment(text, i + 1, n) : Sample(text, i, n, line.InvalidUtf8);
    }

    public MetricFamily? End()
    {
        if (_deferred is not null && !SawEof) throw _deferred;
        var done = _current;
        _current = null;
        return done;
    }

    private static void SkipBlanks(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t') i++;
    }

    private static string ReadUntilBlank(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && text[i] is not (' ' or '\t')) i++;
        return text[start..i];
    }

    private MetricFamily? Switch(string name, int n, out Info info)
    {
        if (_current is not null && _currentInfo is not null && _current.Name == name) { info = _currentInfo; return null; }
        if (!_infos.TryGetValue(name, out info!)) _infos[name] = info = new Info();
        if (_current?.Name == name) { _currentInfo = info; return null; }
        var done = _current;
        _current = new MetricFamily(name, n) { Type = info.Type, Help = info.Help, Unit = info.Unit };
        _currentInfo = info;
        return done;
    }

    private MetricFamily? Comment(string text, int i, int n)
    {
        SkipBlanks(text, ref i);
        var keyword = ReadUntilBlank(text, ref i);
        if (keyword is not ("HELP" or "TYPE" or "UNIT") || (keyword == "UNIT" && !lenient)) return null;
        SkipBlanks(text, ref i);
        if (i >= text.Length) return null;
        var start = i;
        while (i < text.Length && IsNameChar(text[i], i == start)) i++;
        var name = text[start..i];
        if (name.Length == 0 || (i < text.Length && text[i] is not (' ' or '\t')))
        {
            if (keyword == "UNIT") return null;
            throw Error(n, $"invalid metric name '{Shorten(ReadUntilBlank(text, ref start))}' in {keyword} line", "text.comment-name");
        }
        SkipBlanks(text, ref i);
        if (i >= text.Length) return null;
        var rest = text[i..];
        if (keyword == "UNIT")
        {
            // A comment to text 0.0.4; the unit is kept for OpenMetrics text read in auto mode.
            if (_current?.Name == name) _current.Unit = rest;
            if (_infos.TryGetValue(name, out var known)) known.Unit = rest;
            return null;
        }
        var done = Switch(name, n, out var info);
        if (keyword == "HELP")
        {
            if (info.HelpSet) throw Error(n, $"second HELP line for {name}", "text.help-repeated");
            info.HelpSet = true;
            info.Help = _current!.Help = UnescapeHelp(rest, false, out var unknown);
            if (unknown != '\0')
                OpenMetricsOnly(n, unknown == '\n' ? $"HELP text of {name} ends in a lone backslash" : $"invalid escape \\{unknown} in HELP text of {name} (only \\\\ and \\n)", "text.help-escape");
            return done;
        }
        if (info.HasSamples) throw Error(n, $"TYPE line for {name} must come before its samples", "text.type-order");
        if (info.TypeSet) throw Error(n, $"second TYPE line for {name}", "text.type-repeated");
        info.TypeSet = true;
        _lastSampleName = null;
        var type = rest.ToLowerInvariant() switch
        {
            "counter" => MetricType.Counter,
            "gauge" => MetricType.Gauge,
            "histogram" => MetricType.Histogram,
            "summary" => MetricType.Summary,
            "untyped" => MetricType.Untyped,
            "unknown" when lenient => MetricType.Untyped,
            "gaugehistogram" when lenient => MetricType.GaugeHistogram,
            "info" when lenient => MetricType.Info,
            "stateset" when lenient => MetricType.StateSet,
            _ => throw Error(n, $"unknown metric type '{Shorten(rest)}' (counter, gauge, histogram, summary, untyped)", "text.type-unknown"),
        };
        if (rest is "unknown" or "gaugehistogram" or "info" or "stateset") OpenMetricsOnly(n, $"type {rest} of {name}", "text.type-unknown");
        info.Type = _current!.Type = type;
        return done;
    }

    /// <summary>The family a sample belongs to: its own name, or a typed family whose suffix it carries.</summary>
    private string? _lastSampleName, _lastFamilyName;

    private string Resolve(string sampleName)
    {
        // Buckets and series of one family follow each other, and a TYPE line (the only thing that changes the answer) resets this.
        if (sampleName == _lastSampleName) return _lastFamilyName!;
        _lastSampleName = sampleName;
        return _lastFamilyName = ResolveUncached(sampleName);
    }

    private string ResolveUncached(string sampleName)
    {
        if (_infos.ContainsKey(sampleName)) return sampleName;
        var underscore = sampleName.LastIndexOf('_');
        if (underscore <= 0) return sampleName;
        var suffix = sampleName[underscore..];
        var baseName = sampleName[..underscore];
        if (_infos.TryGetValue(baseName, out var info) && info.TypeSet && Array.IndexOf(SuffixesOf(info.Type), suffix) >= 0) return baseName;
        return sampleName;
    }

    private MetricFamily? Sample(string text, int i, int n, bool invalidUtf8)
    {
        var start = i;
        while (i < text.Length && IsNameChar(text[i], i == start)) i++;
        if (i == start) throw Error(n, $"expected a metric name at column {start + 1}, found '{Shorten(text[start..])}'", "text.metric-name");
        var name = text[start..i];
        var familyName = Resolve(name);
        var done = Switch(familyName, n, out var info);
        info.HasSamples = true;
        IReadOnlyList<KeyValuePair<string, string>> labels = Array.Empty<KeyValuePair<string, string>>();
        SkipBlanks(text, ref i);
        if (i < text.Length && text[i] == '{')
        {
            i++;
            labels = ReadLabels(text, ref i, n, name, invalidUtf8);
            SkipBlanks(text, ref i);
        }
        if (i >= text.Length) throw Error(n, $"sample {name} has no value", "text.value");
        var valueText = ReadUntilBlank(text, ref i);
        if (!TryParseNumber(valueText, out var value, out var overflow))
            throw Error(n, $"sample {name} has value '{Shorten(valueText)}', not a number", "text.value");
        if (overflow) OpenMetricsOnly(n, $"value '{Shorten(valueText)}' of {name} is beyond the range of a float", "text.value");
        double? timestamp = null;
        MetricExemplar? exemplar = null;
        if (i < text.Length)
        {
            SkipBlanks(text, ref i);
            if (i >= text.Length) throw Error(n, $"trailing whitespace after the value of {name}", "text.trailing");
            if (text[i] != '#')
            {
                var tsText = ReadUntilBlank(text, ref i);
                if (long.TryParse(tsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)) timestamp = ms;
                else if (lenient && IsRealNumber(tsText))
                {
                    OpenMetricsOnly(n, $"timestamp '{Shorten(tsText)}' of {name} is not an integer number of milliseconds", "text.timestamp");
                    timestamp = double.Parse(tsText, NumberStyles.Float, CultureInfo.InvariantCulture);
                }
                else throw Error(n, $"timestamp '{Shorten(tsText)}' of {name} is not an integer number of milliseconds", "text.timestamp");
                if (i < text.Length)
                {
                    var rest = i;
                    SkipBlanks(text, ref i);
                    if (!lenient || i >= text.Length || text[i] != '#')
                        throw Error(n, $"unexpected text '{Shorten(text[rest..])}' after the timestamp of {name}", "text.trailing");
                }
            }
            if (i < text.Length)
            {
                if (!lenient) throw Error(n, $"exemplars are only allowed in OpenMetrics (sample {name})", "text.exemplar");
                OpenMetricsOnly(n, $"exemplar on {name}", "text.exemplar");
                exemplar = OpenMetricsReader.ReadExemplar(text, ref i, n, name);
            }
        }
        var type = info.Type;
        if (type == MetricType.Histogram && name == familyName + "_bucket")
        {
            var le = Find(labels, "le") ?? throw Error(n, $"histogram bucket {name} has no le label", "text.histogram-le");
            if (!TryParseFloat(le, out _)) throw Error(n, $"histogram bucket {name} has le=\"{Shorten(le)}\", not a number", "text.histogram-le");
        }
        if (type == MetricType.Summary && name == familyName)
        {
            var q = Find(labels, "quantile") ?? throw Error(n, $"summary sample {name} has no quantile label", "text.summary-quantile");
            if (!TryParseFloat(q, out _)) throw Error(n, $"summary quantile \"{Shorten(q)}\" of {name} is not a number", "text.summary-quantile");
        }
        _current!.Samples.Add(LastSample = new MetricSample(name, labels, value, timestamp, exemplar, n));
        return done;
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>> labels, string name)
    {
        foreach (var (k, v) in labels) if (k == name) return v;
        return null;
    }

    private List<KeyValuePair<string, string>> ReadLabels(string text, ref int i, int n, string owner, bool invalidUtf8)
    {
        var labels = new List<KeyValuePair<string, string>>();
        while (true)
        {
            SkipBlanks(text, ref i);
            if (i >= text.Length) throw Error(n, $"label set of {owner} is not closed with '}}'", "text.label-syntax");
            if (text[i] == '}') { i++; return labels; }
            var start = i;
            while (i < text.Length && IsLabelChar(text[i], i == start)) i++;
            if (i == start) throw Error(n, $"invalid label name at column {start + 1} of {owner}", "text.label-name");
            var labelName = text[start..i];
            if (i < text.Length && IsNameChar(text[i], false)) throw Error(n, $"label name {labelName}{text[i]}... of {owner} may contain only letters, digits and _", "text.label-name");
            if (labelName == "__name__") throw Error(n, $"label name __name__ is reserved in {owner} (the metric name goes before the braces)", "text.label-reserved");
            SkipBlanks(text, ref i);
            if (i >= text.Length || text[i] != '=') throw Error(n, $"expected '=' after label {labelName} of {owner}", "text.label-syntax");
            i++;
            SkipBlanks(text, ref i);
            if (i >= text.Length || text[i] != '"') throw Error(n, $"value of label {labelName} of {owner} must be in double quotes", "text.label-syntax");
            i++;
            var value = ReadQuoted(text, ref i, out var unknown) ?? throw Error(n, $"value of label {labelName} of {owner} is not closed with '\"'", "text.label-syntax");
            if (unknown != '\0') OpenMetricsOnly(n, $"invalid escape \\{unknown} in label {labelName} of {owner} (only \\\\, \\\" and \\n)", "text.label-escape");
            if (invalidUtf8 && value.Contains('\uFFFD')) throw Error(n, $"value of label {labelName} of {owner} is not valid UTF-8", "text.label-utf8");
            AddLabel(labels, labelName, value, n, owner, "text.label-duplicate");
            SkipBlanks(text, ref i);
            if (i < text.Length && text[i] == ',') { i++; continue; }
            if (i < text.Length && text[i] == '}') { i++; return labels; }
            throw Error(n, i >= text.Length ? $"label set of {owner} is not closed with '}}'" : $"expected ',' or '}}' after label {labelName} of {owner}", "text.label-syntax");
        }
    }
}
