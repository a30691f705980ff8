using YamlDotNet.Serialization;

namespace Readiness.Core.Checklists;

public sealed class MarkdownExportOptions
{
    /// <summary>Date of the new validation snapshot; defaults to the report's start date (UTC).</summary>
    public DateOnly? SnapshotDate { get; set; }
    /// <summary>Where the evidence of this run lives (a report file or URL); written as the snapshot's "Evidence:" line.</summary>
    public string? EvidenceLink { get; set; }
    /// <summary>Earlier snapshots to keep below the new one, for example those of the imported document.</summary>
    public IReadOnlyList<ValidationSnapshot> PreviousSnapshots { get; set; } = Array.Empty<ValidationSnapshot>();
    /// <summary>Append <c>&lt;!-- id: ... --&gt;</c> to each item so a re-import keeps the ids (GitHub does not render it).</summary>
    public bool IncludeIds { get; set; } = true;
}

/// <summary>
/// Writes a checklist back as Markdown: a heading per section, items ticked when the report validated them
/// (Passed, Attested or Waived), nested items under their parent, and a dated "Validation Snapshot" listing
/// what this run validated with an "Evidence:" link, the way seed 000 records its own. The importer reads
/// the result back into the same items.
/// </summary>
public static class MarkdownChecklistExporter
{
    // Building a serializer reflects over YamlDotNet's type system; one instance serves every export.
    private static readonly ISerializer FrontMatter = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static bool IsValidated(CheckStatus status) => status is CheckStatus.Passed or CheckStatus.Attested or CheckStatus.Waived;

    /// <summary>The validation snapshots a Markdown checklist already records (none for YAML), to keep them on export.</summary>
    public static IReadOnlyList<ValidationSnapshot> SnapshotsOf(string checklistPath) =>
        Path.GetExtension(checklistPath).ToLowerInvariant() is ".md" or ".markdown" or ".txt"
            ? MarkdownChecklistImporter.ImportDocumentFile(checklistPath).Snapshots
            : Array.Empty<ValidationSnapshot>();

    public static string Export(Checklist checklist, ReadinessReport? report = null, MarkdownExportOptions? options = null)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        Write(checklist, report, writer, options);
        return writer.ToString();
    }

    public static void Write(Checklist checklist, ReadinessReport? report, TextWriter writer, MarkdownExportOptions? options = null)
    {
        options ??= new MarkdownExportOptions();
        var results = (report?.Results ?? new List<CheckResult>())
            .GroupBy(r => r.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

        WriteFrontMatter(checklist, writer);
        writer.WriteLine($"# {OneLine(checklist.Title ?? checklist.Name)}");

        if (report is not null)
        {
            var date = options.SnapshotDate ?? DateOnly.FromDateTime(report.StartTime.UtcDateTime);
            var validated = checklist.Items.Where(i => results.TryGetValue(i.Id, out var r) && IsValidated(r.Status)).ToList();
            var snapshot = new ValidationSnapshot
            {
                Date = date.ToString("yyyy-MM-dd"),
                Evidence = options.EvidenceLink,
                Entries = validated.Select(i => new SnapshotEntry(
                    $"{i.Title} ({results[i.Id].Status}: {results[i.Id].Message})", true)).ToList(),
            };
            WriteSnapshot(snapshot, $"{report.Decision} — {report.DecisionReason}", writer);
        }
        foreach (var previous in options.PreviousSnapshots) WriteSnapshot(previous, null, writer);

        string? section = null;
        var parents = new List<string>();
        foreach (var item in checklist.Items)
        {
            if (item.Section != section)
            {
                section = item.Section;
                parents.Clear();
                writer.WriteLine();
                writer.WriteLine($"## {OneLine(section)}");
                writer.WriteLine();
            }
            var title = OneLine(item.Title);
            // A child is written under its parent when its title is "Parent: child", as the importer composes it.
            while (parents.Count > 0 && !IsChildOf(title, parents[^1])) parents.RemoveAt(parents.Count - 1);
            var text = parents.Count == 0 ? title : title[(parents[^1].Length + 2)..];
            var ticked = results.TryGetValue(item.Id, out var result) ? IsValidated(result.Status) : item.PreviouslyValidated;
            var id = options.IncludeIds && item.Id.Length > 0 ? $" <!-- id: {item.Id} -->" : "";
            writer.WriteLine($"{new string(' ', 2 * parents.Count)}- [{(ticked ? 'x' : ' ')}] {text}{id}");
            parents.Add(title.TrimEnd().TrimEnd(':').TrimEnd());
        }
    }

    private static bool IsChildOf(string title, string parent)
    {
        if (!title.StartsWith(parent + ": ", StringComparison.Ordinal)) return false;
        var rest = title[(parent.Length + 2)..];
        return rest.Length > 0 && rest == rest.Trim();
    }

    private static void WriteSnapshot(ValidationSnapshot snapshot, string? decision, TextWriter writer)
    {
        writer.WriteLine();
        writer.WriteLine($"## Validation Snapshot ({OneLine(snapshot.Date)})");
        writer.WriteLine();
        if (decision is not null) writer.WriteLine($"Decision: {OneLine(decision)}");
        if (decision is not null) writer.WriteLine();
        foreach (var entry in snapshot.Entries)
            writer.WriteLine($"- [{(entry.Checked ? 'x' : ' ')}] {OneLine(entry.Text)}");
        if (snapshot.Entries.Count == 0) writer.WriteLine("- No item was validated by this run.");
        if (!string.IsNullOrWhiteSpace(snapshot.Evidence))
        {
            var link = OneLine(snapshot.Evidence);
            writer.WriteLine(link.Contains(' ') ? $"- Evidence: {link}" : $"- Evidence: [{link}]({link})");
        }
    }

    private static void WriteFrontMatter(Checklist checklist, TextWriter writer)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (checklist.Name.Length > 0) fields["name"] = checklist.Name;
        if (checklist.Title is { Length: > 0 } title) fields["title"] = title;
        if (checklist.Version is { Length: > 0 } version) fields["version"] = version;
        if (fields.Count == 0) return;
        writer.WriteLine("---");
        writer.Write(FrontMatter.Serialize(fields));
        writer.WriteLine("---");
        writer.WriteLine();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)).Trim();
}
