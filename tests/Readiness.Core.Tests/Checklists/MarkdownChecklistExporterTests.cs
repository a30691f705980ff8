using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checklists;

public sealed class MarkdownChecklistExporterTests
{
    private static IEnumerable<(string, string, string, bool)> Shape(Checklist c) =>
        c.Items.Select(i => (i.Id, i.Section, i.Title, i.PreviouslyValidated));

    [Fact]
    public void Seed_000_round_trips_items_and_its_snapshot()
    {
        var original = MarkdownChecklistImporter.ImportDocumentFile(RepoFiles.Seed("000"));
        var markdown = MarkdownChecklistExporter.Export(original.Checklist, null, new MarkdownExportOptions { PreviousSnapshots = original.Snapshots });
        var again = MarkdownChecklistImporter.ImportDocument(markdown, "exported.md");

        Assert.Equal(Shape(original.Checklist), Shape(again.Checklist));
        var snapshot = Assert.Single(again.Snapshots);
        Assert.Equal("2026-03-06", snapshot.Date);
        Assert.Equal(original.Snapshots[0].Entries, snapshot.Entries);
        Assert.Equal("docs/release-readiness-2026-03-06.md", snapshot.Evidence);
    }

    [Fact]
    public void Without_id_comments_the_generated_ids_still_round_trip()
    {
        var original = MarkdownChecklistImporter.ImportFile(RepoFiles.Seed("001"));
        var markdown = MarkdownChecklistExporter.Export(original, null, new MarkdownExportOptions { IncludeIds = false });
        Assert.Contains("- [ ] Key metrics tracked:\n  - [ ] Authentication latency\n", markdown);
        Assert.Equal(Shape(original), Shape(MarkdownChecklistImporter.Import(markdown, "exported.md")));
    }

    [Fact]
    public async Task A_run_is_written_back_ticked_with_a_dated_snapshot_and_evidence_link()
    {
        var checklist = ReadinessSession.Load(RepoFiles.Checklist("diffver.yaml"), environment: _ => null);
        var report = await new ChecklistRunner().RunAsync(checklist, new RunOptions { EnvironmentLookup = _ => null });
        var markdown = MarkdownChecklistExporter.Export(checklist, report,
            new MarkdownExportOptions { SnapshotDate = new DateOnly(2026, 11, 22), EvidenceLink = "reports/diffver-2026-11-22.html" });

        Assert.Contains("## Validation Snapshot (2026-11-22)", markdown);
        Assert.Contains("- [x] DIFFVER_AUTH_REQUIRED=1 enabled in production. <!-- id: security.auth-required -->", markdown);
        Assert.Contains("- [ ] Webhook signature validation enabled (DIFFVER_GITHUB_WEBHOOK_SECRET). <!-- id: security.webhook-signature-secret -->", markdown);
        Assert.Contains("- [x] DIFFVER_AUTH_REQUIRED=1 enabled in production. (Passed: ", markdown);
        Assert.Contains("- Evidence: [reports/diffver-2026-11-22.html](reports/diffver-2026-11-22.html)", markdown);
        Assert.DoesNotContain("changeme-webhook-secret", markdown);

        var again = MarkdownChecklistImporter.ImportDocument(markdown, "diffver.md");
        Assert.Equal(checklist.Items.Select(i => (i.Id, i.Section, i.Title)), again.Checklist.Items.Select(i => (i.Id, i.Section, i.Title)));
        var snapshot = again.Snapshots.Single(s => s.Date == "2026-11-22");
        Assert.Equal(report.Results.Count(r => MarkdownChecklistExporter.IsValidated(r.Status)), snapshot.Entries.Count);
        Assert.Equal("reports/diffver-2026-11-22.html", snapshot.Evidence);
        var ticked = again.Checklist.Items.Where(i => i.PreviouslyValidated).Select(i => i.Id).ToHashSet();
        Assert.Equal(report.Results.Where(r => MarkdownChecklistExporter.IsValidated(r.Status)).Select(r => r.Id).ToHashSet(), ticked);
    }

    [Fact]
    public void An_attested_or_waived_result_ticks_the_item_and_a_failed_one_unticks_it()
    {
        var checklist = new Checklist
        {
            Name = "t",
            Items =
            {
                new ChecklistItem { Id = "a.one", Section = "A", Title = "One", PreviouslyValidated = true, Manual = new() },
                new ChecklistItem { Id = "a.two", Section = "A", Title = "Two", Manual = new() },
                new ChecklistItem { Id = "a.three", Section = "A", Title = "Three", Manual = new() },
                new ChecklistItem { Id = "a.four", Section = "A", Title = "Four", PreviouslyValidated = true, Manual = new() },
            },
        };
        var report = new ReadinessReport
        {
            StartTime = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
            Results =
            {
                new CheckResult { Id = "a.one", Status = CheckStatus.Failed, Message = "no" },
                new CheckResult { Id = "a.two", Status = CheckStatus.Attested, Message = "Attested by Ana on 2026-11-22." },
                new CheckResult { Id = "a.three", Status = CheckStatus.Waived, Message = "Waived until 2026-12-01." },
            },
        };
        var markdown = MarkdownChecklistExporter.Export(checklist, report);
        Assert.Contains("- [ ] One <!-- id: a.one -->", markdown);
        Assert.Contains("- [x] Two <!-- id: a.two -->", markdown);
        Assert.Contains("- [x] Three <!-- id: a.three -->", markdown);
        Assert.Contains("- [x] Four <!-- id: a.four -->", markdown);
        Assert.Contains("## Validation Snapshot (2026-11-22)", markdown);
        Assert.Contains("- [x] Two (Attested: Attested by Ana on 2026-11-22.)", markdown);
    }
}
