using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Readiness.Core.Checks.Metrics;

public enum MetricsFormat
{
    /// <summary>
    /// Prometheus text 0.0.4, unless the text ends in <c># EOF</c>: then it is OpenMetrics 1.0 and judged by those rules.
    /// OpenMetrics-only syntax (exemplars, float timestamps, its types and escapes) in text without <c># EOF</c> is an error.
    /// </summary>
    Auto,
    PrometheusText,
    OpenMetrics,
}

/// <summary>One physical line: its text without the line feed, whether a line feed ended it, and whether its bytes were valid UTF-8.</summary>
internal readonly record struct RawLine(string Text, int Number, bool Terminated, bool InvalidUtf8);

/// <summary>
/// Streaming parser for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0. It reads one line at a time
/// and yields each family as soon as the next one starts, so a large scrape never sits in memory twice. Every problem
/// is a <see cref="MetricsParseException"/> naming the line and the rule; nothing else is thrown for any input.
/// </summary>
public static class MetricsParser
{
    /// <summary>Parses everything and merges families by name (the text format lets a family's lines be split).</summary>
    public static Dictionary<string, MetricFamily> ParseAll(string text, MetricsFormat format = MetricsFormat.Auto) =>
        Merge(Run(Lines(text), format));

    public static Dictionary<string, MetricFamily> ParseAll(TextReader reader, MetricsFormat format = MetricsFormat.Auto) =>
        Merge(Parse(reader, format));

    /// <summary>Reads bytes, so invalid UTF-8 is reported on the line it occurs in.</summary>
    public static Dictionary<string, MetricFamily> ParseAll(Stream stream, MetricsFormat format = MetricsFormat.Auto) =>
        Merge(Parse(stream, format));

    public static IEnumerable<MetricFamily> Parse(TextReader reader, MetricsFormat format = MetricsFormat.Auto) => Run(Lines(reader), format);

    public static IEnumerable<MetricFamily> Parse(Stream stream, MetricsFormat format = MetricsFormat.Auto) => Run(Lines(stream), format);

    private static Dictionary<string, MetricFamily> Merge(IEnumerable<MetricFamily> parsed)
    {
        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        foreach (var family in parsed)
        {
            if (families.TryGetValue(family.Name, out var existing))
            {
                existing.Samples.AddRange(family.Samples);
                if (existing.Type == MetricType.Untyped) existing.Type = family.Type;
                existing.Help ??= family.Help;
                existing.Unit ??= family.Unit;
            }
            else families[family.Name] = family;
        }
        return families;
    }

    private static IEnumerable<MetricFamily> Run(IEnumerable<RawLine> lines, MetricsFormat format)
    {
        var last = 0;
        if (format == MetricsFormat.OpenMetrics)
        {
            var om = new OpenMetricsReader();
            foreach (var line in lines)
            {
                last = line.Number;
                if (om.Feed(line) is { } done) yield return done;
            }
            if (om.End(last) is { } final) yield return final;
            yield break;
        }

        var lenient = format == MetricsFormat.Auto;
        var text = new TextFormatReader(lenient);
        // Auto mode cannot know which format it reads until the end (# EOF), so OpenMetrics rules run alongside.
        var shadow = lenient ? new OpenMetricsReader() : null;
        MetricsParseException? shadowError = null;
        foreach (var line in lines)
        {
            last = line.Number;
            var done = text.Feed(line);
            if (shadow is not null && shadowError is null)
            {
                // Where both grammars read the line alike, the shadow takes the parsed sample instead of parsing again.
                try
                {
                    if (text.LastSample is { } sample && OpenMetricsReader.HasExactSpacing(line.Text)) shadow.Feed(line, sample);
                    else shadow.Feed(line);
                }
                catch (MetricsParseException ex) { shadowError = ex; }
            }
            if (done is not null) yield return done;
        }
        if (shadow is not null && text.SawEof)
        {
            if (shadowError is null)
            {
                try { shadow.End(last); }
                catch (MetricsParseException ex) { shadowError = ex; }
            }
            if (shadowError is not null) throw shadowError;
        }
        if (text.End() is { } rest) yield return rest;
    }

    private static IEnumerable<RawLine> Lines(string text)
    {
        var number = 0;
        var start = 0;
        while (start < text.Length)
        {
            var lf = text.IndexOf('\n', start);
            if (lf < 0) { yield return new RawLine(text[start..], ++number, false, false); yield break; }
            yield return new RawLine(text[start..lf], ++number, true, false);
            start = lf + 1;
        }
    }

    private static IEnumerable<RawLine> Lines(TextReader reader)
    {
        var buffer = new char[8192];
        var pending = new StringBuilder();
        var number = 0;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var lf = Array.IndexOf(buffer, '\n', start, read - start);
                if (lf < 0) break;
                pending.Append(buffer, start, lf - start);
                yield return new RawLine(pending.ToString(), ++number, true, false);
                pending.Clear();
                start = lf + 1;
            }
            pending.Append(buffer, start, read - start);
        }
        if (pending.Length > 0) yield return new RawLine(pending.ToString(), ++number, false, false);
    }

    private static IEnumerable<RawLine> Lines(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        var number = 0;
        var first = true;
        while (true)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var scanFrom = filled;
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0) break;
            filled += read;
            var lineStart = 0;
            if (first && filled >= 3)
            {
                first = false;
                if (buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) { lineStart = 3; scanFrom = Math.Max(scanFrom, 3); }
            }
            int lf;
            while ((lf = Array.IndexOf(buffer, (byte)'\n', scanFrom, filled - scanFrom)) >= 0)
            {
                yield return Decode(buffer, lineStart, lf - lineStart, ++number, true);
                lineStart = lf + 1;
                scanFrom = lineStart;
            }
            Buffer.BlockCopy(buffer, lineStart, buffer, 0, filled - lineStart);
            filled -= lineStart;
        }
        if (filled > 0) yield return Decode(buffer, 0, filled, ++number, false);
    }

    private static RawLine Decode(byte[] buffer, int start, int length, int number, bool terminated)
    {
        var bytes = buffer.AsSpan(start, length);
        return new RawLine(Encoding.UTF8.GetString(bytes), number, terminated, !Utf8.IsValid(bytes));
    }

    /// <summary>
    /// Reads a double-quoted value starting after the opening quote; <c>\\</c>, <c>\"</c> and <c>\n</c> are escapes, any
    /// other backslash pair is kept as written and reported through <paramref name="unknownEscape"/>.
    /// </summary>
    internal static string? ReadQuoted(string line, ref int i, out char unknownEscape)
    {
        unknownEscape = '\0';
        var close = line.IndexOf('"', i);
        if (close < 0) return null;
        if (line.IndexOf('\\', i, close - i) < 0)
        {
            var plain = line[i..close];
            i = close + 1;
            return plain;
        }
        var value = new StringBuilder();
        while (i < line.Length)
        {
            var c = line[i++];
            if (c == '"') return value.ToString();
            if (c != '\\') { value.Append(c); continue; }
            if (i >= line.Length) return null;
            var e = line[i++];
            switch (e)
            {
                case '\\': value.Append('\\'); break;
                case '"': value.Append('"'); break;
                case 'n': value.Append('\n'); break;
                default:
                    if (unknownEscape == '\0') unknownEscape = e;
                    value.Append('\\').Append(e);
                    break;
            }
        }
        return null;
    }

    /// <summary>HELP text: <c>\\</c> and <c>\n</c> are escapes (OpenMetrics adds <c>\"</c>); others are kept and reported.</summary>
    internal static string UnescapeHelp(string text, bool om, out char unknownEscape)
    {
        unknownEscape = '\0';
        if (text.IndexOf('\\') < 0) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\') { sb.Append(text[i]); continue; }
            if (i + 1 >= text.Length)
            {
                if (unknownEscape == '\0') unknownEscape = '\n';
                sb.Append('\\');
                continue;
            }
            var c = text[++i];
            switch (c)
            {
                case '\\': sb.Append('\\'); break;
                case 'n': sb.Append('\n'); break;
                case '"' when om: sb.Append('"'); break;
                default:
                    if (unknownEscape == '\0') unknownEscape = c;
                    sb.Append('\\').Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Any number either format accepts: a decimal real number, [sign] Inf/Infinity, NaN (case-insensitive).</summary>
    public static bool TryParseFloat(string text, out double value) => TryParseNumber(text, out value, out _);

    /// <summary>The number grammar shared by both formats; <paramref name="overflow"/> marks a real number beyond double range.</summary>
    internal static bool TryParseNumber(string text, out double value, out bool overflow)
    {
        overflow = false;
        value = 0;
        var body = text.AsSpan();
        var sign = 1.0;
        var signed = body.Length > 0 && body[0] is '+' or '-';
        if (signed)
        {
            if (body[0] == '-') sign = -1;
            body = body[1..];
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }
        if (!signed && body.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        if (!IsRealNumber(text)) return false;
        value = double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        overflow = double.IsInfinity(value);
        return true;
    }

    /// <summary>[sign] digits [. digits] [e [sign] digits], with at least one digit before the exponent.</summary>
    internal static bool IsRealNumber(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var exp = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == s.Length;
    }

    public static bool IsMetricName(string name)
    {
        if (name.Length == 0) return false;
        for (var i = 0; i < name.Length; i++) if (!IsNameChar(name[i], i == 0)) return false;
        return true;
    }

    internal static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');

    internal static bool IsLabelChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (!first && c is >= '0' and <= '9');

    internal static void AddLabel(List<KeyValuePair<string, string>> labels, string name, string value, int line, string owner, string rule)
    {
        foreach (var existing in labels)
            if (existing.Key == name) throw new MetricsParseException(line, $"label {name} appears twice in {owner}", rule);
        labels.Add(new(name, value));
    }

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>Type suffixes a sample name may add to its family name; gauges, unknown and stateset add none.</summary>
    internal static string[] SuffixesOf(MetricType type) => type switch
    {
        MetricType.Counter => CounterSuffixes,
        MetricType.Histogram => HistogramSuffixes,
        MetricType.GaugeHistogram => GaugeHistogramSuffixes,
        MetricType.Summary => SummarySuffixes,
        MetricType.Info => InfoSuffixes,
        _ => NoSuffix,
    };

    private static readonly string[] CounterSuffixes = { "_total", "_created" };
    private static readonly string[] HistogramSuffixes = { "_bucket", "_count", "_sum", "_created" };
    private static readonly string[] GaugeHistogramSuffixes = { "_bucket", "_gcount", "_gsum" };
    private static readonly string[] SummarySuffixes = { "", "_count", "_sum", "_created" };
    private static readonly string[] InfoSuffixes = { "_info" };
    private static readonly string[] NoSuffix = { "" };
}
