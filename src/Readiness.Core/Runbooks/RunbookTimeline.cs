using System.Text;
using System.Text.Json;
using Readiness.Core.Reporting;

namespace Readiness.Core.Runbooks;

/// <summary>
/// The incident timeline of a runbook run: every step with its time, who, result and note, as Markdown to paste
/// into the incident document and as JSON for tools. Times are UTC, the one clock every participant shares.
/// </summary>
public static class RunbookTimeline
{
    public static string Markdown(RunbookState state)
    {
        var sb = new StringBuilder();
        sb.Append("# Incident timeline: ").AppendLine(state.ChecklistTitle ?? state.ChecklistName).AppendLine();
        sb.AppendLine($"Started {state.StartedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC by {Cell(state.StartedBy)}; " +
                      $"{state.Sessions} session(s); {state.Steps.Count(s => s.IsSettled)} of {state.Steps.Count} steps done.");
        sb.AppendLine();
        sb.AppendLine("| Time (UTC) | Step | Event | Who | Result | Note |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var e in state.Timeline)
            sb.AppendLine($"| {e.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss} | {Cell(e.ItemId ?? "")} | {e.Event} | {Cell(e.By)} | {e.Status?.ToString() ?? ""} | {Cell(e.Note ?? "")} |");
        var notes = state.Steps.Where(s => s.Notes.Count > 0).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (var s in notes)
            foreach (var n in s.Notes)
                sb.AppendLine($"- `{s.Id}`: {n.ReplaceLineEndings(" ")}");
        }
        return sb.ToString();
    }

    public static string Json(RunbookState state) => JsonSerializer.Serialize(new TimelineJson
    {
        Checklist = state.ChecklistName,
        Title = state.ChecklistTitle,
        StartedAt = state.StartedAt,
        StartedBy = state.StartedBy,
        Sessions = state.Sessions,
        Steps = state.Steps.Select(s => new StepJson
        {
            Id = s.Id, Section = s.Section, Title = s.Title, State = s.State, Status = s.Result?.Status, Attempts = s.Attempts,
            StartedAt = s.StartedAt, FinishedAt = s.FinishedAt, Notes = s.Notes,
        }).ToList(),
        Timeline = state.Timeline,
    }, ReportJson.Indented.TimelineJson);

    /// <summary>The JSON timeline's shape; the property order is the order written.</summary>
    public sealed class TimelineJson
    {
        public string Checklist { get; init; } = "";
        public string? Title { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public string StartedBy { get; init; } = "";
        public int Sessions { get; init; }
        public List<StepJson> Steps { get; init; } = new();
        public List<TimelineEntry> Timeline { get; init; } = new();
    }

    public sealed class StepJson
    {
        public string Id { get; init; } = "";
        public string Section { get; init; } = "";
        public string Title { get; init; } = "";
        public StepState State { get; init; }
        public CheckStatus? Status { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
        public DateTimeOffset? FinishedAt { get; init; }
        public List<string> Notes { get; init; } = new();
    }

    /// <summary>Writes by extension: <c>.json</c> is JSON, anything else Markdown.</summary>
    public static void WriteFile(RunbookState state, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Json(state) : Markdown(state);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|");
}
