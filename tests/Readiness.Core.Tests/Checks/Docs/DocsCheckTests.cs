using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Docs;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Docs;

public sealed class DocsCheckTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private const string Runbook = """
        ---
        title: diffver runbook
        last_updated: 2026-11-01
        ---
        # diffver runbook

        ## Rollback
        See [the restore guide](restore.md#steps) and ![diagram](img/flow.png).

        ## Incident response ##
        Page the on-call ([policy](https://example.test/policy)), then [escalate](#escalation).

        ```
        [not a link](nowhere.md)
        # not a heading
        ```
        [ref]: ./contacts.md
        """;

    private async Task<CheckResult> Run(Dictionary<string, object?> parameters)
    {
        parameters.TryAdd("today", "2026-11-22");
        var item = new ChecklistItem { Id = "docs.runbook", Section = "Docs", Title = "t", Check = new CheckSpec { Type = "docs", Parameters = parameters } };
        return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private void WriteRunbookWithTargets()
    {
        Write("docs/runbook.md", Runbook);
        Write("docs/restore.md", "# Restore");
        Write("docs/img/flow.png", "png");
        Write("docs/contacts.md", "# Contacts");
    }

    [Fact]
    public async Task A_current_runbook_with_its_sections_and_working_links_passes()
    {
        WriteRunbookWithTargets();
        var r = await Run(new() { ["path"] = "docs/runbook.md", ["headings"] = new List<object?> { "Rollback", "Incident response" }, ["maxAgeDays"] = 30L });
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Equal("docs/runbook.md is present with all 2 required sections, updated 2026-11-01, and its links resolve.", r.Message);
        Assert.Equal("21", r.Evidence["ageDays"]);
        Assert.Equal("3", r.Evidence["relativeLinks"]);
    }

    [Fact]
    public async Task A_missing_file_fails_and_an_empty_one_too()
    {
        var missing = await Run(new() { ["path"] = "docs/runbook.md" });
        Assert.Equal("docs/runbook.md does not exist.", missing.Message);
        Write("docs/runbook.md", "  \n");
        var empty = await Run(new() { ["path"] = "docs/runbook.md" });
        Assert.Equal("docs/runbook.md is empty.", empty.Message);
    }

    [Fact]
    public async Task A_missing_section_is_named()
    {
        WriteRunbookWithTargets();
        var r = await Run(new() { ["path"] = "docs/runbook.md", ["headings"] = new List<object?> { "Rollback", "Disaster recovery" } });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Equal("docs/runbook.md: missing section(s) 'Disaster recovery'.", r.Message);
    }

    [Fact]
    public async Task A_stale_document_fails_with_its_age()
    {
        WriteRunbookWithTargets();
        var r = await Run(new() { ["path"] = "docs/runbook.md", ["maxAgeDays"] = 14L });
        Assert.Equal("docs/runbook.md: it was last updated 2026-11-01, 21 days ago (limit 14).", r.Message);
    }

    [Fact]
    public async Task A_Date_line_in_the_body_counts_and_no_date_at_all_fails()
    {
        Write("a.md", "# Postmortem\n\n**Date:** 2026-11-20\n");
        Assert.Equal(CheckStatus.Passed, (await Run(new() { ["path"] = "a.md", ["maxAgeDays"] = 7L })).Status);
        Write("b.md", "# Postmortem\n");
        var r = await Run(new() { ["path"] = "b.md", ["maxAgeDays"] = 7L });
        Assert.Contains("it has no 'last_updated:' or 'Date:' to tell its age", r.Message);
    }

    [Fact]
    public async Task Broken_relative_links_fail_with_file_and_line()
    {
        Write("docs/runbook.md", Runbook);
        Write("docs/restore.md", "# Restore");
        var r = await Run(new() { ["path"] = "docs/runbook.md" });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Equal("docs/runbook.md: 2 relative link(s) lead nowhere (img/flow.png on line 8, ./contacts.md on line 17).", r.Message);
        Assert.Equal((Path.Combine(_dir, "docs", "runbook.md"), (int?)8), (r.File, r.Line));
        var unchecked_ = await Run(new() { ["path"] = "docs/runbook.md", ["checkLinks"] = false });
        Assert.Equal(CheckStatus.Passed, unchecked_.Status);
    }

    [Fact]
    public async Task An_absolute_path_inside_the_checklist_folder_is_shown_relative_to_it_not_to_the_process_folder()
    {
        var r = await Run(new() { ["path"] = Path.Combine(_dir, "docs", "missing.md") });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Equal($"docs{Path.DirectorySeparatorChar}missing.md does not exist.", r.Message);
        var outside = Path.Combine(Path.GetTempPath(), "elsewhere-" + Guid.NewGuid().ToString("N"), "runbook.md");
        Assert.Equal($"{outside} does not exist.", (await Run(new() { ["path"] = outside })).Message);
    }

    [Fact]
    public async Task A_today_that_is_not_an_iso_date_is_the_binders_error()
    {
        Write("docs/runbook.md", Runbook);
        var r = await Run(new() { ["path"] = "docs/runbook.md", ["today"] = "22/11/2026" });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Equal("Item 'docs.runbook': parameter 'today' must be a date such as 2026-11-22.", r.Message);
    }

    [Fact]
    public void Headings_in_code_fences_and_links_to_the_web_are_ignored()
    {
        var doc = MarkdownDocument.Parse(Runbook);
        Assert.Equal(new[] { "diffver runbook", "Rollback", "Incident response" }, doc.Headings);
        Assert.Equal(new[] { "restore.md", "img/flow.png", "./contacts.md" }, doc.RelativeLinks().Select(l => l.Path));
        Assert.Equal(new DateOnly(2026, 11, 1), doc.Date);
        Assert.Equal("front matter last_updated", doc.DateSource);
    }

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), (string text) =>
        {
            var doc = MarkdownDocument.Parse(text ?? "");
            _ = doc.RelativeLinks().ToList();
        }).Check(PropertyRuns.Fixed());
        var lines = Gen.Elements("---", "# h", "date: 2026-13-45", "last_updated: x", "[a](%zz)", "[a](<>)", "```", "[r]: ", "", "Date: 31 February 2026")
            .ListOf().Select(l => string.Join("\n", l)).ToArbitrary();
        Prop.ForAll(lines, text => { _ = MarkdownDocument.Parse(text).RelativeLinks().ToList(); }).Check(PropertyRuns.Fixed());
    }
}
