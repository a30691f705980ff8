namespace Readiness.Core.Checklists;

/// <summary>
/// A checklist's sections and ids for tab completion: read without the caller's variables (every reference counts as
/// defined and empty), because completion must work before -Variable is typed; null when the file cannot be read.
/// </summary>
public static class ChecklistOutline
{
    public static Checklist? TryLoad(string path)
    {
        try { return ChecklistFiles.Load(path, new VariableResolver(environment: _ => "")); }
        catch (Exception ex) when (ex is ChecklistException or IOException or UnauthorizedAccessException) { return null; }
    }
}
