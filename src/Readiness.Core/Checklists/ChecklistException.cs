namespace Readiness.Core.Checklists;

/// <summary>A problem in a checklist at a known place. The message always names file, line and column.</summary>
public sealed record ChecklistError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Thrown when a checklist cannot be loaded; carries every error found, so nothing runs half-loaded.</summary>
public sealed class ChecklistException : Exception
{
    public ChecklistException(IReadOnlyList<ChecklistError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors:{Environment.NewLine}" + string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ChecklistException(string file, int line, int column, string message)
        : this(new[] { new ChecklistError(file, line, column, message) }) { }

    public IReadOnlyList<ChecklistError> Errors { get; }
}
