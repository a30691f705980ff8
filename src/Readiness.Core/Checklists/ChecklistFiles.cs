namespace Readiness.Core.Checklists;

/// <summary>Loads a checklist by file type: YAML natively, Markdown through the importer.</summary>
public static class ChecklistFiles
{
    public static Checklist Load(string path, VariableResolver? variables = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The checklist file {path} does not exist.", path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".md" or ".markdown" or ".txt" => MarkdownChecklistImporter.ImportFile(path),
            _ => new ChecklistLoader().LoadFile(path, variables),
        };
    }
}
