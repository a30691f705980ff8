namespace Readiness.HelpBuilder;

/// <summary>Pairs each compiled cmdlet with its docs page and lists every piece of text that is missing or stale.</summary>
internal sealed class HelpMerge
{
    /// <summary>Text for the parameters PowerShell adds with SupportsShouldProcess, unless the page words them itself.</summary>
    private static readonly Dictionary<string, string> ShouldProcessText = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    public List<CommandHelp> Commands { get; } = new();
    public List<string> Problems { get; } = new();
    public List<string> Warnings { get; } = new();

    /// <summary>The web page a cmdlet's -Online help opens: its docs page in the repository.</summary>
    public static string OnlineUri(string projectUri, string cmdlet) => $"{projectUri}/blob/main/docs/cmdlets/{cmdlet}.md";

    public static HelpMerge Merge(IReadOnlyList<CmdletShape> cmdlets, IReadOnlyDictionary<string, DocPage> pages, string projectUri)
    {
        var merge = new HelpMerge();
        foreach (var cmdlet in cmdlets)
        {
            if (!pages.TryGetValue(cmdlet.Name, out var page))
            {
                merge.Problems.Add($"{cmdlet.Name}: docs/cmdlets/{cmdlet.Name}.md is missing.");
                continue;
            }
            merge.Check(cmdlet, page, projectUri);
        }
        foreach (var page in pages.Values.Where(p => !cmdlets.Any(c => c.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase))))
            merge.Problems.Add($"{page.Name}: docs/cmdlets/{page.Name}.md documents a cmdlet the module does not export.");
        return merge;
    }

    private void Check(CmdletShape cmdlet, DocPage page, string projectUri)
    {
        var name = cmdlet.Name;
        var before = Problems.Count;
        if (page.Synopsis.Count == 0) Problems.Add($"{name}: '## Synopsis' is empty.");
        if (page.Description.Count == 0) Problems.Add($"{name}: '## Description' is empty.");
        if (page.Examples.Count == 0) Problems.Add($"{name}: '## Examples' has no '### Title' example.");
        foreach (var example in page.Examples)
        {
            if (example.Code.Trim().Length == 0) Problems.Add($"{name}: example '{example.Title}' has no code block.");
            if (example.Remarks.Count == 0) Problems.Add($"{name}: example '{example.Title}' says nothing about what it does (remarks).");
        }

        var text = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in cmdlet.Parameters)
        {
            // A parameter renamed with its old name kept as an alias still finds the text written for the old name.
            var documented = page.Parameters.Where(d => d.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (documented.Count == 0)
            {
                documented = page.Parameters.Where(d => p.Aliases.Contains(d.Name, StringComparer.OrdinalIgnoreCase)).ToList();
                if (documented.Count > 0) Warnings.Add($"{name}: -{p.Name} is documented under its alias -{documented[0].Name}; rename the heading.");
            }
            var paragraphs = documented.SelectMany(d => d.Paragraphs).ToList();
            if (paragraphs.Count == 0 && ShouldProcessText.TryGetValue(p.Name, out var standard)) paragraphs.Add(standard);
            if (paragraphs.Count == 0) Problems.Add($"{name}: -{p.Name} has no description (add '### -{p.Name}' with text under '## Parameters').");
            text[p.Name] = paragraphs;
        }
        foreach (var documented in page.Parameters.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase))
            if (!cmdlet.Parameters.Any(p => p.Name.Equals(documented, StringComparison.OrdinalIgnoreCase) || p.Aliases.Contains(documented, StringComparer.OrdinalIgnoreCase)))
                Problems.Add($"{name}: '### -{documented}' documents a parameter the cmdlet does not have.");

        var online = OnlineUri(projectUri, name);
        if (cmdlet.HelpUri is { } helpUri && !helpUri.Equals(online, StringComparison.Ordinal))
            Problems.Add($"{name}: HelpUri '{helpUri}' differs from the online help page {online}; drop it or make them equal.");
        if (Problems.Count == before) Commands.Add(new CommandHelp(cmdlet, page, online, text));
    }
}
