using System.Text;
using System.Text.RegularExpressions;

namespace Readiness.HelpBuilder;

/// <summary>One example of a help page: the code Get-Help shows (and the Pester suite runs) and what it says about it.</summary>
internal sealed record DocExample(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>
/// The prose of one cmdlet page in docs/cmdlets/: `# Name`, then `## Synopsis`, `## Description`, `## Parameters`
/// (`### -Name`, or `### -A, -B` for text they share; a ```yaml block of metadata is ignored, the compiled cmdlet is
/// the truth), `## Inputs` and `## Outputs` (`### TypeName` each), `## Examples` (`### Title`, a code block, remarks,
/// optionally an output block), `## Notes`, `## Related links`. Headings match case-insensitively; other sections
/// (Syntax, Command line) are for the web page only.
/// </summary>
internal sealed partial class DocPage
{
    public string Name { get; private set; } = "";
    public string Path { get; private set; } = "";
    public List<string> Synopsis { get; } = new();
    public List<string> Description { get; } = new();
    /// <summary>Parameter name (without dash) to its paragraphs, in page order.</summary>
    public List<(string Name, List<string> Paragraphs)> Parameters { get; } = new();
    public List<(string Type, List<string> Paragraphs)> Inputs { get; } = new();
    public List<(string Type, List<string> Paragraphs)> Outputs { get; } = new();
    /// <summary>Outputs prose outside a `### Type` subsection: it applies to every output type.</summary>
    public List<string> OutputsIntro { get; } = new();
    public List<DocExample> Examples { get; } = new();
    public List<string> Notes { get; } = new();
    public List<(string Text, string? Uri)> Links { get; } = new();

    public static DocPage ReadFile(string path) => Read(File.ReadAllText(path), System.IO.Path.GetFileNameWithoutExtension(path), path);

    public static DocPage Read(string markdown, string fallbackName, string path = "")
    {
        var page = new DocPage { Name = fallbackName, Path = path };
        var lines = markdown.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            var end = lines.FindIndex(1, l => l.Trim() == "---");
            if (end > 0) lines = lines.Skip(end + 1).ToList(); // front matter
        }
        var sections = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;
        var fenced = false;
        foreach (var line in lines)
        {
            if (IsFence(line)) fenced = !fenced;
            if (!fenced && line.StartsWith("# ", StringComparison.Ordinal) && current is null) { page.Name = line[2..].Trim(); continue; }
            if (!fenced && line.StartsWith("## ", StringComparison.Ordinal)) { sections[line[3..].Trim()] = current = new List<string>(); continue; }
            current?.Add(line);
        }

        page.Synopsis.AddRange(Prose(Get(sections, "Synopsis")));
        page.Description.AddRange(Prose(Get(sections, "Description")));
        page.Notes.AddRange(Prose(Get(sections, "Notes")));

        var parameters = Get(sections, "Parameters");
        foreach (var (title, content) in Subsections(parameters, out _))
        {
            var names = title.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => n.Trim('`')).Where(n => n.StartsWith('-')).Select(n => n[1..].Trim()).ToList();
            var text = Prose(WithoutFences(content, "yaml"));
            foreach (var name in names) page.Parameters.Add((name, text));
        }
        if (page.Parameters.Count == 0) page.Parameters.AddRange(ParameterTable(parameters));

        foreach (var (title, content) in Subsections(Get(sections, "Inputs"), out _)) page.Inputs.Add((Plain(title), Prose(content)));
        foreach (var (title, content) in Subsections(Get(sections, "Outputs"), out _)) page.Outputs.Add((Plain(title), Prose(content)));
        page.OutputsIntro.AddRange(Prose(Preamble(Get(sections, "Outputs"))));

        foreach (var (title, content) in Subsections(Get(sections, "Examples"), out _))
        {
            var (code, rest) = FirstCodeBlock(content);
            page.Examples.Add(new DocExample(Plain(title), code, Prose(rest)));
        }

        foreach (var line in Get(sections, "Related links").Select(l => l.Trim()).Where(l => l.StartsWith('-') || l.StartsWith('*')))
        {
            var item = line.TrimStart('-', '*').Trim();
            var m = LinkPattern().Match(item);
            page.Links.Add(m.Success ? (m.Groups[1].Value.Trim('`'), m.Groups[2].Value) : (item.Trim('`'), null));
        }
        return page;
    }

    private static List<string> Get(Dictionary<string, List<string>> sections, string name) =>
        sections.TryGetValue(name, out var lines) ? lines : new List<string>();

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    private static IEnumerable<(string Title, List<string> Content)> Subsections(List<string> lines, out List<string> preamble)
    {
        var result = new List<(string, List<string>)>();
        preamble = new List<string>();
        string? title = null;
        var content = preamble;
        var fenced = false;
        foreach (var line in lines)
        {
            if (IsFence(line)) fenced = !fenced;
            if (!fenced && line.StartsWith("### ", StringComparison.Ordinal))
            {
                if (title is not null) result.Add((title, content));
                title = line[4..].Trim();
                content = new List<string>();
                continue;
            }
            content.Add(line);
        }
        if (title is not null) result.Add((title, content));
        return result;
    }

    private static List<string> Preamble(List<string> lines)
    {
        Subsections(lines, out var preamble);
        return preamble;
    }

    private static List<string> WithoutFences(List<string> lines, string language)
    {
        var result = new List<string>();
        var skipping = false;
        foreach (var line in lines)
        {
            if (!skipping && IsFence(line) && line.Trim().TrimStart('`').Trim().Equals(language, StringComparison.OrdinalIgnoreCase)) { skipping = true; continue; }
            if (skipping) { if (IsFence(line)) skipping = false; continue; }
            result.Add(line);
        }
        return result;
    }

    private static (string Code, List<string> Remainder) FirstCodeBlock(List<string> lines)
    {
        var open = lines.FindIndex(IsFence);
        if (open < 0) return ("", lines);
        var close = lines.FindIndex(open + 1, IsFence);
        if (close < 0) close = lines.Count;
        var code = string.Join("\n", lines.Skip(open + 1).Take(close - open - 1)).TrimEnd();
        return (code, lines.Take(open).Concat(lines.Skip(close + 1)).ToList());
    }

    /// <summary>The table page style: first column `-Name`, last column its meaning.</summary>
    private static IEnumerable<(string, List<string>)> ParameterTable(List<string> lines)
    {
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var name = cells[0].Trim('`').Trim();
            if (cells.Length < 2 || !ParameterName().IsMatch(name)) continue; // not the separator row

            yield return (name[1..], new List<string> { Inline(cells[^1]) });
        }
    }

    /// <summary>
    /// Markdown as the paragraphs Get-Help shows: soft-wrapped lines joined, list items and table rows one per line,
    /// code blocks indented, inline markup removed.
    /// </summary>
    public static List<string> Prose(IEnumerable<string> lines)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        var kind = "";
        void Flush()
        {
            if (current.Count > 0)
                paragraphs.Add(kind is "text" ? string.Join(" ", current) : string.Join("\n", current));
            current.Clear();
            kind = "";
        }
        List<string>? fence = null;
        var tableRow = 0;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (fence is not null)
            {
                if (IsFence(line)) { paragraphs.Add(string.Join("\n", fence)); fence = null; continue; }
                fence.Add(line);
                continue;
            }
            if (IsFence(line)) { Flush(); fence = new List<string>(); continue; }
            var trimmed = line.Trim();
            if (trimmed.Length == 0) { Flush(); continue; }
            if (trimmed.StartsWith('|'))
            {
                if (kind != "table") { Flush(); kind = "table"; tableRow = 0; }
                var cells = trimmed.Trim('|').Split('|').Select(c => Inline(c.Trim())).ToArray();
                if (cells.All(c => c.Trim('-', ':', ' ').Length == 0)) continue; // separator row
                if (tableRow++ == 0) continue; // header row: the cells below say what they are
                current.Add(cells.Length == 1 ? cells[0] : $"{cells[0]}: {string.Join("; ", cells.Skip(1).Where(c => c.Length > 0))}");
                continue;
            }
            var listItem = ListItem().IsMatch(trimmed);
            if (listItem)
            {
                if (kind != "list") { Flush(); kind = "list"; }
                current.Add(Inline(trimmed));
                continue;
            }
            if (kind == "list" && raw.StartsWith("  ", StringComparison.Ordinal)) { current[^1] += " " + Inline(trimmed); continue; }
            if (kind is not ("" or "text")) Flush();
            kind = "text";
            current.Add(Inline(trimmed));
        }
        if (fence is not null) paragraphs.Add(string.Join("\n", fence));
        Flush();
        return paragraphs;
    }

    /// <summary>Inline Markdown as plain text: links keep their text (and an absolute address), emphasis and code marks go.</summary>
    public static string Inline(string text)
    {
        text = LinkPattern().Replace(text, m => m.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);
        text = text.Replace("**", "").Replace("`", "");
        return text;
    }

    private static string Plain(string title) => Inline(title).Trim();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]*)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^-[A-Za-z]\w*$")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^([-*+]|\d+\.)\s")]
    private static partial Regex ListItem();
}
