using System.Text;
using System.Text.RegularExpressions;

namespace Readiness.Core.Reporting;

/// <summary>One cmdlet's help, read from its page in docs/cmdlets/ (the source of truth for Get-Help).</summary>
public sealed class CommandHelp
{
    public string Name { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public string Description { get; set; } = "";
    public List<ParameterHelp> Parameters { get; } = new();
    public List<(string Type, string Description)> Inputs { get; } = new();
    public List<(string Type, string Description)> Outputs { get; } = new();
    public List<(string Title, string Code, string Remarks)> Examples { get; } = new();
    public string Notes { get; set; } = "";
    public List<string> RelatedLinks { get; } = new();

    public string Verb => Name.Contains('-') ? Name[..Name.IndexOf('-')] : Name;
    public string Noun => Name.Contains('-') ? Name[(Name.IndexOf('-') + 1)..] : "";

    /// <summary>Parameter sets named by the parameters; a page with none has one unnamed set.</summary>
    public IReadOnlyList<string> ParameterSets =>
        Parameters.SelectMany(p => p.Sets).Where(s => s != ParameterHelp.AllSets).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

public sealed class ParameterHelp
{
    public const string AllSets = "(All)";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Type { get; set; } = "Object";
    public List<string> Sets { get; } = new() { AllSets };
    public List<string> Aliases { get; } = new();
    public bool Required { get; set; }
    /// <summary>"Named" or a zero-based position.</summary>
    public string Position { get; set; } = "Named";
    public string DefaultValue { get; set; } = "None";
    public string PipelineInput { get; set; } = "False";
    public bool InSet(string set) => Sets.Contains(AllSets) || Sets.Contains(set, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Reads a cmdlet help page: `# Name`, then `## Synopsis`, `## Description`, `## Parameters` (one `### -Name` each,
/// with an optional ```yaml block of Type / Parameter Sets / Aliases / Required / Position / Default value /
/// Accept pipeline input), `## Inputs`, `## Outputs`, `## Examples` (`### Title`, a code block, remarks), `## Notes`,
/// `## Related links`. Headings are matched case-insensitively; unknown sections are ignored.
/// </summary>
public static partial class CommandHelpReader
{
    public static CommandHelp Read(string markdown, string fallbackName)
    {
        var help = new CommandHelp { Name = fallbackName };
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var start = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            start = Array.FindIndex(lines, 1, l => l.Trim() == "---") + 1; // skip front matter
            if (start <= 0) start = 0;
        }
        string? section = null;
        var body = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("# ", StringComparison.Ordinal) && section is null) { help.Name = line[2..].Trim(); continue; }
            if (line.StartsWith("## ", StringComparison.Ordinal) && !InFence(lines, start, i))
            {
                section = line[3..].Trim().ToLowerInvariant();
                body[section] = new List<string>();
                continue;
            }
            if (section is not null) body[section].Add(line);
        }

        help.Synopsis = Text(Get(body, "synopsis"));
        help.Description = Text(Get(body, "description"));
        if (help.Synopsis.Length == 0) help.Synopsis = FirstParagraph(help.Description);
        help.Notes = Text(Get(body, "notes"));
        foreach (var (title, content) in Subsections(Get(body, "parameters")))
        {
            if (!title.StartsWith('-')) continue; // "CommonParameters" and the like
            // "### -Method, -Header, -Body": several parameters documented together share the text.
            foreach (var name in title.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(n => n.StartsWith('-')))
                help.Parameters.Add(ReadParameter(name[1..].Trim(), content));
        }
        if (help.Parameters.Count == 0) help.Parameters.AddRange(ParameterTable(Get(body, "parameters")));
        foreach (var (title, content) in Subsections(Get(body, "inputs"))) help.Inputs.Add((title, Text(content)));
        foreach (var (title, content) in Subsections(Get(body, "outputs"))) help.Outputs.Add((title, Text(content)));
        foreach (var (title, content) in Subsections(Get(body, "examples")))
        {
            var (code, rest) = SplitFirstCodeBlock(content);
            help.Examples.Add((title, code, Text(rest)));
        }
        if (help.Examples.Count == 0) help.Examples.AddRange(UntitledExamples(Get(body, "examples")));
        help.RelatedLinks.AddRange(Get(body, "related links").Select(l => l.Trim().TrimStart('-', '*').Trim()).Where(l => l.Length > 0)
            .Select(l => LinkText().Match(l) is { Success: true } m ? m.Groups[1].Value : l));
        return help;
    }

    public static CommandHelp ReadFile(string path) =>
        Read(File.ReadAllText(path), Path.GetFileNameWithoutExtension(path));

    private static ParameterHelp ReadParameter(string name, List<string> content)
    {
        var p = new ParameterHelp { Name = name };
        var (yaml, rest) = SplitFirstCodeBlock(content);
        p.Description = Text(rest);
        foreach (var raw in yaml.Split('\n'))
        {
            var colon = raw.IndexOf(':');
            if (colon <= 0) continue;
            var key = raw[..colon].Trim().ToLowerInvariant();
            var value = raw[(colon + 1)..].Trim();
            switch (key)
            {
                case "type": p.Type = value; break;
                case "parameter sets":
                    p.Sets.Clear();
                    p.Sets.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    if (p.Sets.Count == 0) p.Sets.Add(ParameterHelp.AllSets);
                    break;
                case "aliases":
                    p.Aliases.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Where(a => !a.Equals("None", StringComparison.OrdinalIgnoreCase)));
                    break;
                case "required": p.Required = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
                case "position": p.Position = value; break;
                case "default value": p.DefaultValue = value; break;
                case "accept pipeline input": p.PipelineInput = value; break;
            }
        }
        return p;
    }

    /// <summary>The other page style: a table whose first column is `-Name`, with optional type and meaning columns.</summary>
    private static IEnumerable<ParameterHelp> ParameterTable(List<string> lines)
    {
        string[]? header = null;
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim().Trim('`').Trim()).ToArray();
            if (header is null) { header = cells.Select(c => c.ToLowerInvariant()).ToArray(); continue; }
            if (cells.All(c => c.Trim('-', ':').Length == 0) || cells.Length == 0 || !cells[0].StartsWith('-')) continue;
            var p = new ParameterHelp { Name = cells[0].TrimStart('-').Trim(), Description = cells.Length > 1 ? cells[^1] : "" };
            var typeColumn = Array.IndexOf(header, "type");
            if (typeColumn > 0 && typeColumn < cells.Length) p.Type = cells[typeColumn];
            yield return p;
        }
    }

    /// <summary>Examples written as paragraph + code block pairs without headings.</summary>
    private static IEnumerable<(string Title, string Code, string Remarks)> UntitledExamples(List<string> lines)
    {
        var text = new List<string>();
        var code = new List<string>();
        var fenced = false;
        var number = 0;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (fenced)
                {
                    number++;
                    yield return ($"Example {number}", string.Join("\n", code), Text(text));
                    text.Clear();
                    code.Clear();
                }
                fenced = !fenced;
                continue;
            }
            (fenced ? code : text).Add(line);
        }
    }

    private static List<string> Get(Dictionary<string, List<string>> body, string name) =>
        body.TryGetValue(name, out var lines) ? lines : new List<string>();

    private static IEnumerable<(string Title, List<string> Content)> Subsections(List<string> lines)
    {
        string? title = null;
        var content = new List<string>();
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (!fenced && line.StartsWith("### ", StringComparison.Ordinal))
            {
                if (title is not null) yield return (title, content);
                title = line[4..].Trim();
                content = new List<string>();
                continue;
            }
            if (title is not null) content.Add(line);
        }
        if (title is not null) yield return (title, content);
    }

    private static (string Code, List<string> Remainder) SplitFirstCodeBlock(List<string> lines)
    {
        var open = lines.FindIndex(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        if (open < 0) return ("", lines);
        var close = lines.FindIndex(open + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        if (close < 0) close = lines.Count;
        var code = string.Join("\n", lines.Skip(open + 1).Take(close - open - 1));
        var rest = lines.Take(open).Concat(lines.Skip(close + 1)).ToList();
        return (code, rest);
    }

    private static bool InFence(string[] lines, int start, int index)
    {
        var fenced = false;
        for (var i = start; i < index; i++)
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
        return fenced;
    }

    /// <summary>Paragraphs as plain text: blank lines separate paragraphs; tables and lists keep their lines.</summary>
    private static string Text(IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(line.TrimEnd()).Append('\n');
        return sb.ToString().Trim('\n', ' ');
    }

    private static string FirstParagraph(string text)
    {
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex LinkText();
}
