using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checklists;

/// <summary>A Markdown checklist as imported: the items, plus the validation snapshots the document records.</summary>
public sealed class MarkdownChecklistDocument
{
    public Checklist Checklist { get; set; } = new();
    /// <summary>"Validation Snapshot (date)" blocks, in document order: records of past validations, not items.</summary>
    public List<ValidationSnapshot> Snapshots { get; set; } = new();
}

/// <summary>A dated record of validated items with an optional evidence link, as seed 000 keeps at its top.</summary>
public sealed class ValidationSnapshot
{
    /// <summary>The date as written (usually yyyy-MM-dd).</summary>
    public string Date { get; set; } = "";
    public List<SnapshotEntry> Entries { get; set; } = new();
    public string? Evidence { get; set; }
    public int Line { get; set; }
}

public sealed record SnapshotEntry(string Text, bool Checked);

/// <summary>
/// Imports Markdown checklists: GitHub task lists (<c>- [ ]</c>, <c>* [x]</c>, nested), ATX headings as sections,
/// YAML front matter (title, version, name), and text copied from a web page where sections are plain lines
/// followed by <c>• [ ]</c> bullets (seed 000). Every checkbox becomes a manual item; <c>[x]</c> is kept as
/// <see cref="ChecklistItem.PreviouslyValidated"/>. A nested checkbox is titled "Parent: child" so it reads on its own.
/// A trailing <c>&lt;!-- id: some.id --&gt;</c> (written by the exporter) fixes the item's id; otherwise the id is
/// the slug of the section and the title, made unique.
/// </summary>
public static partial class MarkdownChecklistImporter
{
    public const string DefaultSection = "General";

    public static Checklist ImportFile(string path) => ImportDocumentFile(path).Checklist;

    public static MarkdownChecklistDocument ImportDocumentFile(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChecklistException(path, 0, 0, $"cannot read the checklist: {ex.Message}");
        }
        var document = ImportDocument(text, path);
        document.Checklist.Path = Path.GetFullPath(path);
        return document;
    }

    public static Checklist Import(string text, string sourceName) => ImportDocument(text, sourceName).Checklist;

    public static MarkdownChecklistDocument ImportDocument(string text, string sourceName) =>
        new Parser(text ?? "", sourceName).Parse();

    /// <summary>Lower-case slug for ids: letters and digits, words joined by dashes, at most <paramref name="maxLength"/> characters.</summary>
    public static string Slug(string text, int maxLength = 60)
    {
        string decomposed;
        try { decomposed = text.Normalize(NormalizationForm.FormD); }
        catch (ArgumentException) { decomposed = text; } // invalid code points: keep the ASCII letters and digits
        var sb = new StringBuilder();
        var dash = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (dash && sb.Length > 0) sb.Append('-');
                sb.Append(lower);
                dash = false;
            }
            else dash = true;
        }
        var slug = sb.ToString();
        if (slug.Length <= maxLength) return slug;
        var cut = slug.LastIndexOf('-', maxLength);
        return (cut > maxLength / 2 ? slug[..cut] : slug[..maxLength]).TrimEnd('-');
    }

    private sealed class Parser
    {
        private readonly string[] _lines;
        private readonly string _source;
        private readonly MarkdownChecklistDocument _document = new();
        private readonly List<ChecklistError> _errors = new();
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly List<(ChecklistItem Item, string? ExplicitId)> _items = new();

        private readonly List<(int Level, string Text)> _headings = new();
        private string? _plainSection;
        private ValidationSnapshot? _snapshot;
        private string _snapshotHeading = "";
        /// <summary>Open list entries (checkboxes and plain bullets) whose text gives context to deeper checkboxes.</summary>
        private readonly List<(int Indent, string Context)> _listStack = new();
        private bool _titleFromHeading;

        public Parser(string text, string source)
        {
            _source = source;
            _lines = ReplaceLoneSurrogates(text).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        }

        private Checklist Checklist => _document.Checklist;

        public MarkdownChecklistDocument Parse()
        {
            if (_lines.All(string.IsNullOrWhiteSpace))
                throw new ChecklistException(_source, 1, 1, $"the Markdown checklist {_source} is empty.");

            var start = ReadFrontMatter();
            var hasAtxHeadings = _lines.Skip(start).Any(l => Heading().IsMatch(l));
            var h1Count = _lines.Skip(start).Count(l => Heading().Match(l) is { Success: true } m && m.Groups["hashes"].Length == 1);
            var fence = "";

            for (var i = start; i < _lines.Length; i++)
            {
                var lineNumber = i + 1;
                var raw = _lines[i];
                var line = StripQuote(raw);

                var fenceMatch = Fence().Match(line);
                if (fenceMatch.Success)
                {
                    var marker = fenceMatch.Groups["fence"].Value;
                    if (fence.Length == 0) fence = marker;
                    else if (marker[0] == fence[0] && marker.Length >= fence.Length) fence = "";
                    continue;
                }
                if (fence.Length > 0 || string.IsNullOrWhiteSpace(line)) continue;

                if (Heading().Match(line) is { Success: true } heading)
                {
                    OnHeading(heading.Groups["hashes"].Length, heading.Groups["text"].Value.Trim(), lineNumber, h1Count);
                    continue;
                }

                if (Checkbox().Match(line) is { Success: true } box)
                {
                    OnCheckbox(box, lineNumber);
                    continue;
                }

                if (Bullet().Match(line) is { Success: true } bullet)
                {
                    OnBullet(bullet);
                    continue;
                }

                // A plain line: in text copied from a web page (no Markdown headings) a short line followed by
                // checkboxes is a section title; anything else is prose and ends the current list.
                var trimmed = line.Trim();
                if (char.IsWhiteSpace(line[0]) && _listStack.Count > 0) continue;
                _listStack.Clear();
                if (Snapshot().Match(trimmed) is { Success: true } snap)
                {
                    StartSnapshot(snap.Groups["date"].Value, trimmed, lineNumber);
                    continue;
                }
                if (_snapshot is not null && EvidenceLine().Match(trimmed) is { Success: true } ev)
                {
                    _snapshot.Evidence = LinkTarget(ev.Groups["link"].Value);
                    continue;
                }
                if (!hasAtxHeadings && NextContentIsCheckbox(i) && LooksLikeTitle(trimmed))
                {
                    _snapshot = null;
                    _plainSection = trimmed;
                    continue;
                }
                if (!hasAtxHeadings && Checklist.Title is null && _items.Count == 0 && !WebChrome().IsMatch(trimmed) && !FieldLine().IsMatch(trimmed))
                    Checklist.Title = trimmed;
            }

            if (_items.Count == 0)
                _errors.Add(new ChecklistError(_source, 1, 1,
                    $"no checklist items found in {_source}: expected task-list lines such as '- [ ] text' or '• [ ] text'."));
            AssignIds();
            if (_errors.Count > 0) throw new ChecklistException(_errors);

            Checklist.Items = _items.Select(x => x.Item).ToList();
            if (string.IsNullOrWhiteSpace(Checklist.Name))
                Checklist.Name = NameFrom(Checklist.Title) ?? NameFrom(Path.GetFileNameWithoutExtension(_source)) ?? "imported";
            return _document;
        }

        private int ReadFrontMatter()
        {
            var first = Array.FindIndex(_lines, l => !string.IsNullOrWhiteSpace(l));
            if (first != 0 || _lines[0].TrimEnd() != "---") return 0;
            var end = Array.FindIndex(_lines, 1, l => l.TrimEnd() is "---" or "...");
            if (end < 0) throw new ChecklistException(_source, 1, 1, "the YAML front matter that starts on line 1 is not closed by a '---' line.");

            var yaml = string.Join("\n", _lines[1..end]);
            try
            {
                var stream = YamlLimits.Load(yaml, "front matter");
                if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map)
                {
                    foreach (var (key, value) in map.Children)
                    {
                        if (key is not YamlScalarNode { Value: { } name } || value is not YamlScalarNode { Value: { } v } || string.IsNullOrWhiteSpace(v)) continue;
                        switch (name)
                        {
                            case "title": Checklist.Title = v.Trim(); break;
                            case "version": Checklist.Version = v.Trim(); break;
                            case "name": Checklist.Name = NameFrom(v) ?? ""; break;
                        }
                    }
                }
                else if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlScalarNode { Value: null or "" })
                    throw new ChecklistException(_source, 2, 1, "the front matter must be a YAML mapping (title: ..., version: ...).");
            }
            catch (YamlException ex)
            {
                throw new ChecklistException(_source, (int)Math.Min(int.MaxValue - 1, ex.Start.Line) + 1, (int)Math.Min(int.MaxValue, ex.Start.Column),
                    $"invalid YAML front matter: {ex.InnerException?.Message ?? ex.Message}");
            }
            catch (Exception ex) when (YamlNodes.IsMalformedYaml(ex))
            {
                var (line, column) = YamlNodes.LastReadablePosition(yaml);
                throw new ChecklistException(_source, line + 1, column, "invalid YAML front matter: the text after this point cannot be read as YAML.");
            }
            return end + 1;
        }

        private void OnHeading(int level, string text, int lineNumber, int h1Count)
        {
            text = ClosingHashes().Replace(text, "").Trim();
            _listStack.Clear();
            _plainSection = null;
            _snapshot = null;
            if (text.Length == 0 || text.All(c => c == '#')) return;
            // A single level-1 heading before any item is the document's title, not a section.
            if (level == 1 && h1Count == 1 && _items.Count == 0 && !_titleFromHeading)
            {
                _titleFromHeading = true;
                Checklist.Title ??= text;
                return;
            }
            if (Snapshot().Match(text) is { Success: true } snap)
            {
                StartSnapshot(snap.Groups["date"].Value, text, lineNumber);
                return;
            }
            _headings.RemoveAll(h => h.Level >= level);
            _headings.Add((level, text));
        }

        private void StartSnapshot(string date, string heading, int lineNumber)
        {
            _snapshotHeading = heading;
            _listStack.Clear();
            _snapshot = new ValidationSnapshot { Date = date, Line = lineNumber };
            _document.Snapshots.Add(_snapshot);
        }

        private void OnBullet(Match bullet)
        {
            var indent = Indent(bullet.Groups["indent"].Value);
            var text = bullet.Groups["text"].Value.Trim();
            if (_snapshot is not null)
            {
                if (EvidenceLine().Match(text) is { Success: true } ev) _snapshot.Evidence = LinkTarget(ev.Groups["link"].Value);
                return;
            }
            // A plain bullet gives context to checkboxes nested under it, but is not an item itself.
            PopTo(indent);
            _listStack.Add((indent, Context(text)));
        }

        private void OnCheckbox(Match box, int lineNumber)
        {
            var indent = Indent(box.Groups["indent"].Value);
            var isChecked = box.Groups["mark"].Value is "x" or "X";
            var title = box.Groups["title"].Value.Trim();
            string? explicitId = null;
            if (IdComment().Match(title) is { Success: true } idMatch)
            {
                explicitId = idMatch.Groups["id"].Value.Trim();
                title = title[..idMatch.Index].TrimEnd();
                if (!ValidId().IsMatch(explicitId))
                {
                    _errors.Add(new ChecklistError(_source, lineNumber, box.Groups["title"].Index + idMatch.Index + idMatch.Value.IndexOf("<!--", StringComparison.Ordinal) + 1,
                        $"the id comment '{explicitId}' is not a valid id: use lower-case letters, digits, dots, dashes or underscores (e.g. security.tls-version)."));
                    explicitId = null;
                }
            }
            if (title.Length == 0) return;

            if (_snapshot is not null && explicitId is null)
            {
                _snapshot.Entries.Add(new SnapshotEntry(title, isChecked));
                return;
            }

            PopTo(indent);
            var parent = _listStack.Count > 0 ? _listStack[^1].Context : null;
            var fullTitle = parent is null ? title : $"{parent}: {title}";
            _listStack.Add((indent, Context(fullTitle)));

            // Checkboxes inside a snapshot are records; one with an id comment is an item the exporter wrote there.
            var (section, outer) = _snapshot is not null ? (_snapshotHeading, new List<string>()) : CurrentSection();
            var item = new ChecklistItem
            {
                Section = section,
                Title = fullTitle,
                Severity = Severity.Medium,
                Manual = new ManualSpec(),
                PreviouslyValidated = isChecked,
                Line = lineNumber,
                Column = box.Groups["bullet"].Index + 1,
                Tags = outer.Select(o => Slug(StripNumbering(o), 40)).Where(s => s.Length > 0).ToList(),
            };
            _items.Add((item, explicitId));
        }

        private (string Section, List<string> Outer) CurrentSection()
        {
            if (_plainSection is not null) return (_plainSection, new List<string>());
            var sections = _headings.Select(h => h.Text).ToList();
            if (sections.Count == 0) return (DefaultSection, new List<string>());
            return (sections[^1], sections.Take(sections.Count - 1).ToList());
        }

        private void AssignIds()
        {
            foreach (var (item, explicitId) in _items.Where(x => x.ExplicitId is not null))
            {
                if (!_ids.Add(explicitId!))
                    _errors.Add(new ChecklistError(_source, item.Line, item.Column, $"duplicate item id '{explicitId}' in an id comment."));
                item.Id = explicitId!;
            }
            foreach (var (item, explicitId) in _items.Where(x => x.ExplicitId is null))
            {
                var section = Slug(StripNumbering(item.Section), 40);
                var title = Slug(item.Title);
                if (section.Length == 0) section = "general";
                if (title.Length == 0) title = "item";
                var id = $"{section}.{title}";
                for (var n = 2; !_ids.Add(id); n++) id = $"{section}.{title}-{n}";
                item.Id = id;
            }
        }

        private void PopTo(int indent)
        {
            while (_listStack.Count > 0 && _listStack[^1].Indent >= indent) _listStack.RemoveAt(_listStack.Count - 1);
        }

        private bool NextContentIsCheckbox(int index)
        {
            for (var j = index + 1; j < _lines.Length; j++)
            {
                if (string.IsNullOrWhiteSpace(_lines[j])) continue;
                return Checkbox().IsMatch(StripQuote(_lines[j]));
            }
            return false;
        }

        /// <summary>A section title copied from a web page: short, not a "Field: value" line, not a sentence.</summary>
        private static bool LooksLikeTitle(string line) =>
            line.Length <= 120 && !FieldLine().IsMatch(line) && !line.EndsWith('.') && !line.EndsWith('!') && !line.EndsWith('?') && !line.EndsWith(',');

        /// <summary>Text pasted from a broken source can hold half of a surrogate pair; it becomes U+FFFD.</summary>
        private static string ReplaceLoneSurrogates(string text)
        {
            StringBuilder? sb = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (paired) { sb?.Append(c).Append(text[i + 1]); i++; continue; }
                if (char.IsSurrogate(c))
                {
                    sb ??= new StringBuilder(text, 0, i, text.Length);
                    sb.Append('\uFFFD');
                }
                else sb?.Append(c);
            }
            return sb?.ToString() ?? text;
        }

        private static string Context(string title) => title.TrimEnd().TrimEnd(':').TrimEnd();

        private static int Indent(string whitespace) => whitespace.Sum(c => c == '\t' ? 4 : 1);

        private static string StripQuote(string line)
        {
            var m = QuotePrefix().Match(line);
            return m.Success ? line[m.Length..] : line;
        }

        private static string LinkTarget(string text)
        {
            var m = MarkdownLink().Match(text);
            return (m.Success ? m.Groups["target"].Value : text).Trim();
        }

        private static string? NameFrom(string? text)
        {
            if (text is null) return null;
            var slug = Slug(text, 60);
            return slug.Length == 0 ? null : slug;
        }
    }

    /// <summary>"1.2 TLS/HTTPS" → "TLS/HTTPS", so ids do not change when sections are renumbered.</summary>
    internal static string StripNumbering(string section) => Numbering().Replace(section, "");

    [GeneratedRegex(@"^ {0,3}(?<hashes>#{1,6})(?:[ \t]+(?<text>.*)|[ \t]*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[ \t]+#+[ \t]*$")]
    private static partial Regex ClosingHashes();

    [GeneratedRegex(@"^(?<indent>[ \t]*)(?<bullet>[-*+•]|\d{1,9}[.)])[ \t]+\[(?<mark>[ xX])\](?:[ \t]+(?<title>.*))?$")]
    private static partial Regex Checkbox();

    [GeneratedRegex(@"^(?<indent>[ \t]*)(?:[-*+•]|\d{1,9}[.)])[ \t]+(?<text>\S.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^[ \t]{0,3}(?:>[ \t]?)+")]
    private static partial Regex QuotePrefix();

    [GeneratedRegex(@"^Validation Snapshot\s*\((?<date>[^)]*)\)\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex Snapshot();

    [GeneratedRegex(@"^\**Evidence\**\s*:\s*\**\s*(?<link>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EvidenceLine();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)[^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\**[A-Za-z][A-Za-z _-]{0,30}\**\s*:\s*\S")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^skip to (main )?content$", RegexOptions.IgnoreCase)]
    private static partial Regex WebChrome();

    [GeneratedRegex(@"[ \t]*<!--[ \t]*id:(?<id>(?:(?!-->).)*)-->[ \t]*$")]
    private static partial Regex IdComment();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex ValidId();

    [GeneratedRegex(@"^\d+(\.\d+)*\.?\s+")]
    private static partial Regex Numbering();
}
