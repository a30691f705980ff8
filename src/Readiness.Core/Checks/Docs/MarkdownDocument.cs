using System.Globalization;
using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.Docs;

/// <summary>
/// What the docs check reads from a Markdown file: its ATX headings, its "last updated" date (front matter
/// <c>last_updated:</c>/<c>date:</c>, or a <c>Last updated:</c>/<c>Date:</c> line) and its relative links. Never
/// throws on any text: unknown shapes are simply not found.
/// </summary>
public sealed partial class MarkdownDocument
{
    private static readonly string[] DateKeys = { "last_updated", "last-updated", "lastupdated", "last updated", "updated", "date", "reviewed" };
    private static readonly string[] DateFormats = { "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-dd HH:mm", "yyyy/MM/dd", "d MMMM yyyy", "MMMM d, yyyy" };

    public IReadOnlyList<string> Headings { get; private init; } = Array.Empty<string>();
    public DateOnly? Date { get; private init; }
    /// <summary>Where the date came from, e.g. "front matter last_updated" or "line 4".</summary>
    public string? DateSource { get; private init; }
    public IReadOnlyList<(string Target, int Line)> Links { get; private init; } = Array.Empty<(string, int)>();

    public static MarkdownDocument Parse(string text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        var headings = new List<string>();
        var links = new List<(string, int)>();
        DateOnly? date = null;
        string? source = null;
        var start = 0;

        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            var end = Array.FindIndex(lines, 1, l => l.Trim() is "---" or "...");
            if (end > 0)
            {
                for (var i = 1; i < end && date is null; i++)
                    if (TryDateLine(lines[i], out var d, out var key)) { date = d; source = $"front matter {key}"; }
                start = end + 1;
            }
        }

        var fence = false;
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)) { fence = !fence; continue; }
            if (fence) continue;
            var heading = Heading().Match(line);
            if (heading.Success) headings.Add(heading.Groups["text"].Value.Trim());
            if (date is null && TryDateLine(StripEmphasis(trimmed.TrimStart('>', '-', '*', ' ')), out var d, out _)) { date = d; source = $"line {i + 1}"; }
            foreach (Match m in InlineLink().Matches(line)) links.Add((m.Groups["target"].Value, i + 1));
            var reference = ReferenceLink().Match(line);
            if (reference.Success) links.Add((reference.Groups["target"].Value, i + 1));
        }
        return new MarkdownDocument { Headings = headings, Date = date, DateSource = source, Links = links };
    }

    /// <summary>Links a file system can answer: not web, mail or in-page anchors. Anchors and queries are removed.</summary>
    public IEnumerable<(string Path, int Line)> RelativeLinks() =>
        Links.Select(l => (Path: Strip(l.Target), l.Line))
            .Where(l => l.Path.Length > 0 && !Scheme().IsMatch(l.Path) && !l.Path.StartsWith("//", StringComparison.Ordinal));

    private static string Strip(string target)
    {
        var t = target.Trim().Trim('<', '>');
        var cut = t.IndexOfAny(new[] { '#', '?' });
        if (cut >= 0) t = t[..cut];
        return Uri.UnescapeDataString(t);
    }

    private static bool TryDateLine(string line, out DateOnly date, out string key)
    {
        date = default;
        key = "";
        var colon = line.IndexOf(':');
        if (colon <= 0) return false;
        key = line[..colon].Trim().ToLowerInvariant();
        if (!DateKeys.Contains(key)) return false;
        var value = StripEmphasis(line[(colon + 1)..]).Trim().Trim('"', '\'');
        if (DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal, out var dt))
        {
            date = DateOnly.FromDateTime(dt);
            return true;
        }
        // A date followed by other words ("2026-11-01 (after the drill)").
        var iso = IsoDate().Match(value);
        if (iso.Success && DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        return false;
    }

    private static string StripEmphasis(string s) => s.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal);

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)[ \t]*#*[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target><[^>]*>|[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s+(?<target>\S+)")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
