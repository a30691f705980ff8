using Readiness.Core.Checklists;

namespace Readiness.Core.Tests.Checklists;

public sealed class MarkdownChecklistImporterTests
{
    private static Checklist Import(string markdown) => MarkdownChecklistImporter.Import(markdown, "list.md");

    [Fact]
    public void Task_lists_under_headings_become_manual_items_with_sections_and_ids()
    {
        var c = Import("""
            # Release checklist

            ## Security

            - [ ] TLS 1.3 enabled
            * [x] HSTS header configured
            + [ ] Rate limits configured per endpoint

            ## Go/No-Go

            1. [ ] Cross-functional sign-off
            """);
        Assert.Equal("Release checklist", c.Title);
        Assert.Equal("release-checklist", c.Name);
        Assert.Equal(new[] { "security.tls-1-3-enabled", "security.hsts-header-configured", "security.rate-limits-configured-per-endpoint", "go-no-go.cross-functional-sign-off" },
            c.Items.Select(i => i.Id));
        Assert.Equal(new[] { "Security", "Security", "Security", "Go/No-Go" }, c.Items.Select(i => i.Section));
        Assert.Equal(new[] { false, true, false, false }, c.Items.Select(i => i.PreviouslyValidated));
        Assert.All(c.Items, i => Assert.Equal("manual", i.CheckType));
        Assert.Equal(5, c.Items[0].Line);
    }

    [Fact]
    public void Nested_headings_use_the_innermost_as_section_and_keep_the_outer_as_a_tag()
    {
        var c = Import("""
            # Production Readiness Checklist
            ## 1. Security
            ### 1.2 TLS/HTTPS
            - [ ] TLS 1.3 enabled
            ## 2. Performance
            - [ ] Load test completed
            """);
        Assert.Equal("1.2 TLS/HTTPS", c.Items[0].Section);
        Assert.Equal(new[] { "security" }, c.Items[0].Tags);
        Assert.Equal("tls-https.tls-1-3-enabled", c.Items[0].Id);
        Assert.Equal("2. Performance", c.Items[1].Section);
    }

    [Fact]
    public void Nested_checkboxes_are_items_titled_with_their_parent()
    {
        var c = Import("""
            ## 4.1 Metrics
            - [ ] Key metrics tracked:
              - [ ] Authentication latency
              - [x] Success/failure rates
                - [ ] Per tenant
            - [ ] Grafana dashboards created
            - Alerts:
              - [ ] Disk space low (<20%)
            """);
        Assert.Equal(new[]
        {
            "Key metrics tracked:", "Key metrics tracked: Authentication latency", "Key metrics tracked: Success/failure rates",
            "Key metrics tracked: Success/failure rates: Per tenant", "Grafana dashboards created", "Alerts: Disk space low (<20%)",
        }, c.Items.Select(i => i.Title));
        Assert.True(c.Items[2].PreviouslyValidated);
        Assert.Equal("metrics.key-metrics-tracked-authentication-latency", c.Items[1].Id);
    }

    [Fact]
    public void Front_matter_gives_title_version_and_name()
    {
        var c = Import("""
            ---
            title: Production Readiness Checklist
            version: 1.0.0
            status: Active
            ---
            # Something else
            - [ ] One
            """);
        Assert.Equal("Production Readiness Checklist", c.Title);
        Assert.Equal("1.0.0", c.Version);
        Assert.Equal("production-readiness-checklist", c.Name);
    }

    [Fact]
    public void Duplicate_titles_get_unique_ids()
    {
        var c = Import("## 5.2 Feature Flags\n- [ ] Rollback plan tested\n- [ ] Rollback plan tested\n- [ ] Rollback plan tested\n");
        Assert.Equal(new[] { "feature-flags.rollback-plan-tested", "feature-flags.rollback-plan-tested-2", "feature-flags.rollback-plan-tested-3" },
            c.Items.Select(i => i.Id));
    }

    [Fact]
    public void Ids_are_always_well_formed_even_for_symbol_only_text()
    {
        var c = Import("## ✓✓\n- [ ] →→\n- [ ] Ünïcödé café\n");
        Assert.Equal(new[] { "general.item", "general.unicode-cafe" }, c.Items.Select(i => i.Id));
    }

    [Fact]
    public void Checkboxes_in_code_blocks_are_not_items()
    {
        var c = Import("## S\n```markdown\n- [ ] example only\n```\n- [ ] Real item\n");
        Assert.Equal("Real item", Assert.Single(c.Items).Title);
    }

    [Fact]
    public void A_checkbox_outside_any_structure_lands_in_the_general_section()
    {
        var c = Import("Some prose.\n\n- [ ] Lonely item\n");
        Assert.Equal("General", Assert.Single(c.Items).Section);
    }

    [Fact]
    public void An_id_comment_fixes_the_id_and_is_not_part_of_the_title()
    {
        var c = Import("## Security\n- [ ] DIFFVER_AUTH_REQUIRED=1 enabled in production. <!-- id: security.auth-required -->\n");
        Assert.Equal("security.auth-required", c.Items[0].Id);
        Assert.Equal("DIFFVER_AUTH_REQUIRED=1 enabled in production.", c.Items[0].Title);
    }

    [Fact]
    public void A_duplicate_id_comment_is_an_error_at_its_line()
    {
        var ex = Assert.Throws<ChecklistException>(() => Import("## S\n- [ ] a <!-- id: x.a -->\n- [ ] b <!-- id: x.a -->\n"));
        Assert.Equal(3, ex.Errors[0].Line);
        Assert.Contains("duplicate item id 'x.a'", ex.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_naming_the_file()
    {
        var ex = Assert.Throws<ChecklistException>(() => MarkdownChecklistImporter.Import(" \n\n", "empty.md"));
        Assert.Equal("empty.md:1:1: the Markdown checklist empty.md is empty.", ex.Message);
    }

    [Fact]
    public void A_file_without_checkboxes_is_an_error_naming_the_file()
    {
        var ex = Assert.Throws<ChecklistException>(() => MarkdownChecklistImporter.Import("# Notes\n\n- just a bullet\n", "notes.md"));
        Assert.Contains("no checklist items found in notes.md", ex.Message);
    }

    [Fact]
    public void Broken_front_matter_names_the_file_line()
    {
        var ex = Assert.Throws<ChecklistException>(() => Import("---\ntitle: [unclosed\n---\n- [ ] a\n"));
        Assert.Equal("list.md", ex.Errors[0].File);
        Assert.InRange(ex.Errors[0].Line, 2, 4);
        Assert.Contains("front matter", ex.Message);
        var unclosed = Assert.Throws<ChecklistException>(() => Import("---\ntitle: x\n- [ ] a\n"));
        Assert.Contains("not closed", unclosed.Message);
    }

    [Fact]
    public void Seed_000_web_copy_imports_24_items_in_its_plain_line_sections_and_one_snapshot()
    {
        var doc = MarkdownChecklistImporter.ImportDocumentFile(RepoFiles.Seed("000"));
        var c = doc.Checklist;
        Assert.Equal("Production Readiness Checklist", c.Title);
        Assert.Equal(24, c.Items.Count);
        Assert.Equal(new[] { "Security", "Signing and Evidence", "Reliability and Operations", "CI/CD and Contract Safety", "Rollback and Recovery", "Go/No-Go" },
            c.Items.Select(i => i.Section).Distinct());
        Assert.Equal("security.diffver-auth-required-1-enabled-in-production", c.Items[0].Id);
        Assert.Equal("DIFFVER_AUTH_REQUIRED=1 enabled in production.", c.Items[0].Title);
        Assert.DoesNotContain(c.Items, i => i.Title.StartsWith("Item "));

        var snapshot = Assert.Single(doc.Snapshots);
        Assert.Equal("2026-03-06", snapshot.Date);
        Assert.Equal(6, snapshot.Entries.Count);
        Assert.All(snapshot.Entries, e => Assert.True(e.Checked));
        Assert.Equal("docs/release-readiness-2026-03-06.md", snapshot.Evidence);
    }

    [Fact]
    public void Seed_001_imports_all_109_items_with_nested_titles()
    {
        var c = MarkdownChecklistImporter.ImportFile(RepoFiles.Seed("001"));
        Assert.Equal(109, c.Items.Count);
        Assert.Equal("Production Readiness Checklist", c.Title);
        Assert.Equal("1.0.0", c.Version);
        Assert.Contains(c.Items, i => i.Title == "Key metrics tracked: Authentication latency" && i.Section == "4.1 Metrics");
        Assert.Contains(c.Items, i => i.Title == "Alerts configured for: Disk space low (<20%)" && i.Section == "4.2 Alerting");
        Assert.Equal(26, c.Items.Select(i => i.Section).Distinct().Count());
        Assert.All(c.Items, i => Assert.Matches("^[a-z0-9][a-z0-9._-]*$", i.Id));
        Assert.Equal(109, c.Items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void Imported_seed_titles_match_the_shipped_checklist()
    {
        var shipped = Readiness.Core.Running.ReadinessSession.Load(RepoFiles.Checklist("auth-service.yaml"), environment: _ => null);
        var imported = MarkdownChecklistImporter.ImportFile(RepoFiles.Seed("001"));
        Assert.Equal(shipped.Items.Select(i => (i.Section, i.Title)), imported.Items.Select(i => (i.Section, i.Title)));
    }

    [Fact]
    public void A_markdown_file_loads_through_ChecklistFiles_and_remembers_its_path()
    {
        var dir = Fixtures.TempFolder.Create();
        try
        {
            var path = Path.Combine(dir, "release.md");
            File.WriteAllText(path, "## S\n- [ ] a\n");
            var c = ChecklistFiles.Load(path);
            Assert.Equal(Path.GetFullPath(path), c.Path);
        }
        finally { Fixtures.TempFolder.Delete(dir); }
    }
}
