using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Readiness.Core.Reporting;

namespace Readiness.Core.Runbooks;

public enum StepState
{
    NotStarted,
    /// <summary>Started and not finished: the session ended (Ctrl+C, lost SSH) while it ran, so it runs again.</summary>
    Running,
    Done,
    /// <summary>A person moved on without resolving it; the result stays what it was.</summary>
    Skipped,
    /// <summary>Failed, Error or Manual in a run nobody could answer: a later interactive run comes back to it.</summary>
    Pending,
}

public sealed class RunbookStepRecord
{
    public string Id { get; set; } = "";
    public string Section { get; set; } = "";
    public string Title { get; set; } = "";
    public StepState State { get; set; }
    public int Attempts { get; set; }
    public CheckResult? Result { get; set; }
    public List<string> Notes { get; set; } = new();
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    [JsonIgnore]
    public bool IsSettled => State is StepState.Done or StepState.Skipped;
}

public sealed class TimelineEntry
{
    public DateTimeOffset At { get; set; }
    /// <summary>started, result, retry, note, skipped, pending, attested, stopped, resumed, finished.</summary>
    public string Event { get; set; } = "";
    public string? ItemId { get; set; }
    public string? Title { get; set; }
    public string By { get; set; } = "";
    public CheckStatus? Status { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// The run file: which steps ran, their results, notes and the timeline, beside the evidence file. It is rewritten
/// whole after every step through a temporary file, so a session killed at any moment leaves the last complete state.
/// </summary>
public sealed class RunbookState
{
    public const int CurrentSchema = 1;

    public int SchemaVersion { get; set; } = CurrentSchema;
    public string ChecklistName { get; set; } = "";
    public string? ChecklistTitle { get; set; }
    public string? ChecklistPath { get; set; }
    public string EvidencePath { get; set; } = "";
    public List<string> Sections { get; set; } = new();
    public DateTimeOffset StartedAt { get; set; }
    public string StartedBy { get; set; } = "";
    public int Sessions { get; set; }
    public bool Finished { get; set; }
    public List<RunbookStepRecord> Steps { get; set; } = new();
    public List<TimelineEntry> Timeline { get; set; } = new();

    /// <summary><c>name.evidence.jsonl</c> gives <c>name.runbook.json</c> in the same folder.</summary>
    public static string DefaultPathFor(string evidencePath)
    {
        var full = Path.GetFullPath(evidencePath);
        var name = Path.GetFileName(full);
        var stem = name.EndsWith(".evidence.jsonl", StringComparison.OrdinalIgnoreCase)
            ? name[..^".evidence.jsonl".Length]
            : Path.GetFileNameWithoutExtension(name);
        return Path.Combine(Path.GetDirectoryName(full)!, stem + ".runbook.json");
    }

    public static RunbookState? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllText(path), ReportJson.Indented.RunbookState) ?? throw new JsonException("empty file");
            if (state.SchemaVersion != CurrentSchema)
                throw new InvalidDataException($"Run file {path} has schemaVersion {state.SchemaVersion}; this version reads {CurrentSchema}. Start over with -Restart / --restart.");
            return state;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Run file {path} is not a runbook run ({ex.Message}). Start over with -Restart / --restart.");
        }
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, ReportJson.Indented.RunbookState), new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}
