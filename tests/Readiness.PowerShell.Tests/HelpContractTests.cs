using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Readiness.PowerShell.Tests;

/// <summary>Every exported cmdlet has a help page listing exactly its parameters, and the shipped MAML has it.</summary>
public sealed partial class HelpContractTests
{
    public static IEnumerable<object[]> AllCmdlets() => CmdletContractTests.AllCmdlets();

    private static string PagePath(string name) => Path.Combine(ModuleLayout.DocsFolder, name + ".md");

    /// <summary>Section name (lower-case) to its lines, split on `## ` headings outside code fences.</summary>
    private static Dictionary<string, List<string>> Sections(string markdown)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;
        var fenced = false;
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (!fenced && line.StartsWith("## ", StringComparison.Ordinal)) { sections[line[3..].Trim()] = current = new List<string>(); continue; }
            current?.Add(line);
        }
        return sections;
    }

    private static IEnumerable<string> SubHeadings(IEnumerable<string> lines)
    {
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (!fenced && line.StartsWith("### ", StringComparison.Ordinal)) yield return line[4..].Trim();
        }
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void HelpPageListsExactlyTheParameters(string name)
    {
        Assert.True(File.Exists(PagePath(name)), $"docs/cmdlets/{name}.md is missing.");
        var sections = Sections(File.ReadAllText(PagePath(name)));
        Assert.True(sections.TryGetValue("Parameters", out var lines), $"docs/cmdlets/{name}.md has no '## Parameters' section.");
        // Either style: `### -Name` headings (several may share one: `### -Method, -Header`), or a table whose first column is `-Name`.
        var documented = SubHeadings(lines!).Where(h => h.StartsWith('-'))
            .SelectMany(h => h.Split(',').Select(part => ParameterName().Match(part.Trim())).Where(m => m.Success).Select(m => m.Groups[1].Value))
            .Concat(lines!.Select(l => TableParameter().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var cmdlet = CmdletCatalog.Instance.Get(name);
        var declared = cmdlet.Parameters.Select(p => p.Name).ToList();
        var allowedExtra = cmdlet.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>();
        var missing = declared.Except(documented, StringComparer.OrdinalIgnoreCase).ToList();
        var unknown = documented.Except(declared, StringComparer.OrdinalIgnoreCase).Except(allowedExtra, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(missing.Count == 0 && unknown.Count == 0,
            $"docs/cmdlets/{name}.md: undocumented parameters: {string.Join(", ", missing)}; documented but not declared: {string.Join(", ", unknown)}.");
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void HelpPageHasSynopsisOutputsAndTwoExamplesOneAPipeline(string name)
    {
        var sections = Sections(File.ReadAllText(PagePath(name)));
        Assert.True(sections.TryGetValue("Synopsis", out var synopsis) && synopsis.Any(l => l.Trim().Length > 0), $"{name}: '## Synopsis' is missing or empty.");
        Assert.True(sections.TryGetValue("Outputs", out var outputs) && outputs.Any(l => l.Trim().Length > 0), $"{name}: '## Outputs' (every output field) is missing.");
        Assert.True(sections.TryGetValue("Examples", out var examples), $"{name}: '## Examples' is missing.");
        // Backtick line continuations join a command's lines, so a pipeline may span several.
        var code = Regex.Replace(string.Join("\n", examples!), @"`\r?\n", " ");
        var codeBlocks = examples!.Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)) / 2;
        Assert.True(Math.Max(SubHeadings(examples!).Count(), codeBlocks) >= 2, $"{name}: at least two examples.");
        Assert.True(Regex.IsMatch(code, @"\|\s*" + Regex.Escape(name) + @"\b") || Regex.IsMatch(code, Regex.Escape(name) + @"\b[^\n]*\|\s*[A-Z][a-z]+-"),
            $"{name}: one example should show it in a pipeline.");
    }

    [Fact]
    public void ShippedMamlHasAnEntryPerCmdletWithItsParameters()
    {
        Assert.True(File.Exists(ModuleLayout.MamlPath), "out/Readiness/en-US/Readiness.PowerShell.dll-Help.xml is missing.");
        var maml = XDocument.Load(ModuleLayout.MamlPath);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace mamlNs = "http://schemas.microsoft.com/maml/2004/10";
        var entries = maml.Descendants(command + "command").ToDictionary(
            c => c.Element(command + "details")!.Element(command + "name")!.Value,
            c => c.Element(command + "parameters")!.Elements(command + "parameter").Select(p => p.Element(mamlNs + "name")!.Value).ToList());
        foreach (var cmdlet in CmdletCatalog.Instance.Cmdlets)
        {
            Assert.True(entries.ContainsKey(cmdlet.Name), $"The MAML help has no entry for {cmdlet.Name}.");
            foreach (var p in cmdlet.Parameters) Assert.Contains(p.Name, entries[cmdlet.Name]);
        }
        Assert.True(File.Exists(Path.Combine(ModuleLayout.ModuleFolder, "en-US", "about_Readiness.help.txt")), "about_Readiness.help.txt is not shipped.");
    }

    [GeneratedRegex(@"^-(\w+)")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^\s*\|\s*`?-(\w+)`?\s*\|")]
    private static partial Regex TableParameter();
}
