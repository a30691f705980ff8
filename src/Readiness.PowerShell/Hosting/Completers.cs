using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Readiness.PowerShell.Hosting;

/// <summary>Completes report format names (json, markdown, junit, sarif, html, ...) from the engine's writers.</summary>
public sealed class ReportFormatCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(Readiness.Core.Reporting.ReportWriters.Formats, wordToComplete, "report format");
}

/// <summary>Completes -Section with the sections of the checklist already given by -Checklist, -Path or -InputObject.</summary>
public sealed class ChecklistSectionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Checklist(fakeBoundParameters) is { } checklist
            ? Completion.Matching(Readiness.Core.Running.ItemSelection.Sections(checklist), wordToComplete, "section")
            : Array.Empty<CompletionResult>();
}

/// <summary>Completes -Id with the item ids of the checklist already given, narrowed by -Section when that is bound.</summary>
public sealed class ChecklistItemIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (Completion.Checklist(fakeBoundParameters) is not { } checklist) return Array.Empty<CompletionResult>();
        var sections = Completion.Strings(fakeBoundParameters["Section"]);
        var items = checklist.Items.Where(i => sections.Count == 0 || sections.Any(s => Readiness.Core.Running.ItemSelection.SectionMatches(s, i.Section)));
        return items.Where(i => i.Id.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase))
            .Select(i => new CompletionResult(Completion.Quote(i.Id), i.Id, CompletionResultType.ParameterValue, $"{i.Section}: {i.Title}"));
    }
}

internal static class Completion
{
    private static readonly string[] ChecklistParameters = { "Checklist", "Path", "LiteralPath", "InputObject" };

    /// <summary>The checklist named by the parameters typed so far: an object, or a file resolved against the session's location.</summary>
    public static Checklist? Checklist(IDictionary bound)
    {
        foreach (var name in ChecklistParameters)
        {
            if (!bound.Contains(name)) continue;
            var value = bound[name] is PSObject ps ? ps.BaseObject : bound[name];
            if (value is Checklist checklist) return checklist;
            if (Strings(value).FirstOrDefault() is not { Length: > 0 } path) continue;
            try
            {
                var full = ResolveAgainstLocation(path);
                if (Readiness.Core.Checklists.ChecklistOutline.TryLoad(full) is { } loaded) return loaded;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A completer must never break typing: an unresolvable path offers nothing.
            }
        }
        return null;
    }

    // SessionStateProxy refuses calls while the completion pipeline runs; a script block runs inside it, on this thread.
    // Created per call: a script block keeps the runspace it first ran in.
    private static string ResolveAgainstLocation(string path) =>
        ScriptBlock.Create("$ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($args[0])")
            .Invoke(path).FirstOrDefault()?.BaseObject as string ?? path;

    public static List<string> Strings(object? value) => (value is PSObject ps ? ps.BaseObject : value) switch
    {
        null => new List<string>(),
        string s => new List<string> { s },
        IEnumerable list => list.Cast<object?>().Select(o => (o is PSObject p ? p.BaseObject : o)?.ToString()).OfType<string>().ToList(),
        var other => new List<string> { other.ToString() ?? "" },
    };

    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string wordToComplete, string what)
    {
        var word = Unquote(wordToComplete);
        return values.Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                                 || (word.Length > 0 && v.Contains(word, StringComparison.OrdinalIgnoreCase) && !char.IsDigit(word[0])))
            .Select(v => new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, $"{what}: {v}"));
    }

    public static string Unquote(string word) => (word ?? "").Trim('\'', '"');

    public static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#', '<', '>' }) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}
