namespace Readiness.Core.Checklists;

/// <summary>Placeholder: imports GitHub task lists and "• [ ]" web-copy bullets. Implemented in the foundation work.</summary>
public static class MarkdownChecklistImporter
{
    public static Checklist ImportFile(string path) => Import(File.ReadAllText(path), path);

    public static Checklist Import(string text, string sourceName) =>
        throw new ChecklistException(sourceName, 1, 1, "Markdown import is not implemented yet.");
}
