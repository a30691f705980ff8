using System.Text.Json;
using Readiness.Core.Evidence;
using Readiness.Core.Runbooks;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Runbooks;

/// <summary>The runbook engine driven by a scripted person: every answer path, stop and resume, and the non-interactive run.</summary>
public sealed class RunbookEngineTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    private readonly Dictionary<string, string> _env = new() { ["SERVICE_UP"] = "no" };

    public void Dispose() => TempFolder.Delete(_dir);

    // Sections interleave on purpose: the runbook walks "Health" completely before "Rollback".
    private const string ChecklistYaml = """
        schemaVersion: 1
        name: incident
        title: Incident drill
        items:
          - id: health.up
            section: Health
            title: Service answers
            severity: critical
            remediation: Restart the pods with kubectl rollout restart deploy/auth.
            check: { type: env, name: SERVICE_UP, equals: "yes" }
          - id: rollback.owner
            section: Rollback
            title: Rollback owner named
            severity: high
            manual:
              approvers: [SRE]
              instructions: "Page the owner from https://oncall.example.test/auth and confirm."
          - id: health.region
            section: Health
            title: Region is set
            severity: low
            check: { type: env, name: REGION, optional: true }
        """;

    private string Checklist()
    {
        var path = Path.Combine(_dir, "incident.yaml");
        File.WriteAllText(path, ChecklistYaml);
        return path;
    }

    private RunbookRequest Request(bool restart = false) => new()
    {
        ChecklistPath = Checklist(),
        Operator = "alice",
        Restart = restart,
        EnvironmentLookup = name => _env.TryGetValue(name, out var v) ? v : null,
    };

    private static Task<RunbookOutcome> Run(IRunbookPrompt prompt, RunbookRequest request) =>
        new RunbookEngine(prompt).RunAsync(request, CancellationToken.None);

    [Fact]
    public async Task Failed_step_shows_remediation_takes_a_note_and_passes_on_retry_then_the_manual_step_is_attested()
    {
        var prompt = new ScriptedPrompt(true,
            RunbookAction.Note, "pods crash-looping since 03:02",
            RunbookAction.Retry,
            RunbookAction.Attest, "", "owner paged and confirmed", "")
        {
            BeforeAnswer = action => { if (action == RunbookAction.Retry) _env["SERVICE_UP"] = "yes"; },
        };

        var outcome = await Run(prompt, Request());

        Assert.Equal(0, prompt.Remaining);
        Assert.False(outcome.Stopped);
        Assert.Contains(prompt.Texts(RunbookEventKind.Remediation), t => t.Contains("kubectl rollout restart"));
        Assert.Equal(new[] { "Health (2 step(s))", "Rollback (1 step(s))" }, prompt.Texts(RunbookEventKind.Section));
        Assert.Equal(new[] { "health.up", "health.region", "rollback.owner" }, outcome.Report.Results.Select(r => r.Id));
        Assert.Equal(new[] { CheckStatus.Passed, CheckStatus.Skipped, CheckStatus.Attested }, outcome.Report.Results.Select(r => r.Status));
        Assert.Equal(2, outcome.State.Steps[0].Attempts);
        Assert.Equal(new[] { "pods crash-looping since 03:02" }, outcome.State.Steps[0].Notes);

        var manual = prompt.Events.Single(e => e.Kind == RunbookEventKind.ManualItem);
        Assert.Contains("Page the owner", manual.Text);
        Assert.Contains("Link: https://oncall.example.test/auth", manual.Text);
        // Enter at "Attested by" takes the session's operator.
        var store = new AttestationStore(outcome.EvidencePath);
        Assert.True(store.Verify().IsValid);
        var entry = Assert.Single(store.ReadAll());
        Assert.Equal(("rollback.owner", "alice", "owner paged and confirmed"), (entry.ItemId, entry.By, entry.Note));
        Assert.Null(entry.Expires);
        Assert.Equal(Decision.Go, outcome.Report.Decision);
        Assert.True(outcome.State.Finished);
    }

    [Fact]
    public async Task Skipping_a_failed_step_keeps_it_failed_and_the_decision_says_so()
    {
        var prompt = new ScriptedPrompt(true, RunbookAction.Skip, RunbookAction.Skip);
        var outcome = await Run(prompt, Request());

        Assert.Equal(CheckStatus.Failed, outcome.Report.Results[0].Status);
        Assert.Equal(StepState.Skipped, outcome.State.Steps[0].State);
        Assert.Equal(CheckStatus.Manual, outcome.Report.Results[2].Status);
        Assert.Equal(Decision.NoGo, outcome.Report.Decision);
        Assert.Empty(new AttestationStore(outcome.EvidencePath).ReadAll());
    }

    [Fact]
    public async Task Stop_saves_progress_and_the_next_session_continues_with_that_step()
    {
        _env["SERVICE_UP"] = "yes";
        var first = new ScriptedPrompt(true, RunbookAction.Stop);
        var stopped = await Run(first, Request());
        Assert.True(stopped.Stopped);
        Assert.Equal(new[] { StepState.Done, StepState.Done, StepState.NotStarted }, stopped.State.Steps.Select(s => s.State));

        var second = new ScriptedPrompt(true, RunbookAction.Attest, "bob", "", "2026-12-31");
        var resumed = await Run(second, Request());

        Assert.Contains(second.Texts(RunbookEventKind.Resumed), t => t.Contains("2 of 3 steps done") && t.Contains("alice"));
        // Only the step that was not done runs again.
        Assert.Equal(new[] { "rollback.owner" }, second.Events.Where(e => e.Kind == RunbookEventKind.StepStarted).Select(e => e.Step!.Id));
        Assert.Equal(3, resumed.Report.Results.Count);
        Assert.Equal(2, resumed.State.Sessions);
        var entry = Assert.Single(new AttestationStore(resumed.EvidencePath).ReadAll());
        Assert.Equal("bob", entry.By);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.Expires);
        Assert.Equal(new[] { "started", "result", "result", "result", "stopped", "resumed", "result", "attested", "finished" },
            resumed.State.Timeline.Select(t => t.Event));
    }

    [Fact]
    public async Task A_session_lost_mid_question_resumes_from_the_run_file()
    {
        var lost = new ScriptedPrompt(true); // the first question finds nobody: the SSH session dropped
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(lost, Request()));
        var saved = RunbookState.Read(RunbookState.DefaultPathFor(Path.Combine(_dir, "incident.evidence.jsonl")))!;
        Assert.Equal(CheckStatus.Failed, saved.Steps[0].Result!.Status);
        Assert.False(saved.Steps[0].IsSettled);

        _env["SERVICE_UP"] = "yes";
        var again = new ScriptedPrompt(true, RunbookAction.Skip);
        var outcome = await Run(again, Request());
        Assert.Equal(CheckStatus.Passed, outcome.Report.Results[0].Status);
        Assert.Equal(2, outcome.State.Steps[0].Attempts);
    }

    [Fact]
    public async Task Restart_starts_over()
    {
        _env["SERVICE_UP"] = "yes";
        await Run(new ScriptedPrompt(true, RunbookAction.Skip), Request());
        var again = new ScriptedPrompt(true, RunbookAction.Skip);
        var outcome = await Run(again, Request(restart: true));

        Assert.Empty(again.Texts(RunbookEventKind.Resumed));
        Assert.Equal(3, again.Events.Count(e => e.Kind == RunbookEventKind.StepStarted));
        Assert.Equal(1, outcome.State.Sessions);
    }

    [Fact]
    public async Task Non_interactive_runs_the_automated_items_leaves_the_rest_pending_and_never_asks()
    {
        var prompt = new ScriptedPrompt(false);
        var outcome = await Run(prompt, Request());

        Assert.Empty(prompt.Questions);
        Assert.Empty(prompt.Labels);
        Assert.Equal(new[] { CheckStatus.Failed, CheckStatus.Skipped, CheckStatus.Manual }, outcome.Report.Results.Select(r => r.Status));
        Assert.Equal(new[] { StepState.Pending, StepState.Done, StepState.Pending }, outcome.State.Steps.Select(s => s.State));
        Assert.False(outcome.State.Finished);
        Assert.Empty(new AttestationStore(outcome.EvidencePath).ReadAll());

        // A person picks up what the unattended run left: only the pending steps come back.
        _env["SERVICE_UP"] = "yes";
        var person = new ScriptedPrompt(true, RunbookAction.Attest, "carol", "", "");
        var resumed = await Run(person, Request());
        Assert.Equal(new[] { "health.up", "rollback.owner" }, person.Events.Where(e => e.Kind == RunbookEventKind.StepStarted).Select(e => e.Step!.Id));
        Assert.Equal(Decision.Go, resumed.Report.Decision);
    }

    [Fact]
    public async Task Existing_attestations_satisfy_manual_steps_without_asking()
    {
        _env["SERVICE_UP"] = "yes";
        var checklist = Checklist();
        new AttestationStore(Path.Combine(_dir, "incident.evidence.jsonl")).Append("rollback.owner", "dave", "done earlier");
        var prompt = new ScriptedPrompt(true);
        var outcome = await Run(prompt, Request());
        Assert.Empty(prompt.Questions);
        Assert.Equal(CheckStatus.Attested, outcome.Report.Results.Single(r => r.Id == "rollback.owner").Status);
        Assert.Equal(checklist, outcome.Report.ChecklistPath);
    }

    [Fact]
    public async Task A_declined_recording_writes_nothing_and_leaves_the_step_for_later()
    {
        _env["SERVICE_UP"] = "yes";
        var prompt = new ScriptedPrompt(true, RunbookAction.Attest, "erin", "ok", "") { Record = false };
        var outcome = await Run(prompt, Request());
        Assert.False(File.Exists(outcome.EvidencePath));
        Assert.Equal(StepState.Pending, outcome.State.Steps[2].State);
        Assert.Equal(CheckStatus.Manual, outcome.Report.Results[2].Status);
    }

    [Fact]
    public async Task A_bad_expiry_is_asked_again()
    {
        _env["SERVICE_UP"] = "yes";
        var prompt = new ScriptedPrompt(true, RunbookAction.Attest, "erin", "ok", "next tuesday", "30d");
        var outcome = await Run(prompt, Request());
        Assert.Contains(prompt.Texts(RunbookEventKind.Note), t => t.Contains("'next tuesday' is not an expiry"));
        Assert.NotNull(Assert.Single(new AttestationStore(outcome.EvidencePath).ReadAll()).Expires);
    }

    [Fact]
    public async Task A_run_file_of_another_checklist_is_refused()
    {
        var runFile = Path.Combine(_dir, "other.runbook.json");
        new RunbookState { ChecklistName = "diffver" }.Write(runFile);
        var request = Request();
        request.RunFilePath = runFile;
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Run(new ScriptedPrompt(false), request));
        Assert.Contains("'diffver', not 'incident'", error.Message);
    }

    [Fact]
    public async Task Timeline_exports_every_step_with_time_who_result_and_note_as_markdown_and_json()
    {
        var prompt = new ScriptedPrompt(true, RunbookAction.Note, "paged | escalated", RunbookAction.Skip, RunbookAction.Attest, "", "", "");
        var outcome = await Run(prompt, Request());

        var markdown = RunbookTimeline.Markdown(outcome.State);
        Assert.Contains("# Incident timeline: Incident drill", markdown);
        Assert.Contains("| Time (UTC) | Step | Event | Who | Result | Note |", markdown);
        Assert.Contains("| health.up | result | alice | Failed |", markdown);
        Assert.Contains("paged \\| escalated", markdown); // a pipe in a note must not split the table row
        Assert.Contains("| rollback.owner | attested | alice | Attested |", markdown);

        var path = Path.Combine(_dir, "timeline.json");
        RunbookTimeline.WriteFile(outcome.State, path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var timeline = json.RootElement.GetProperty("timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("event").GetString() == "note" && e.GetProperty("note").GetString() == "paged | escalated");
        Assert.All(timeline.EnumerateArray(), e => Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.MinValue));
        Assert.Equal("Skipped", json.RootElement.GetProperty("steps")[0].GetProperty("state").GetString());
    }

    [Fact]
    public void Run_file_sits_beside_the_evidence_file()
    {
        Assert.Equal(Path.Combine(_dir, "auth.runbook.json"), RunbookState.DefaultPathFor(Path.Combine(_dir, "auth.evidence.jsonl")));
        Assert.Equal(Path.Combine(_dir, "signoffs.runbook.json"), RunbookState.DefaultPathFor(Path.Combine(_dir, "signoffs.jsonl")));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("2026-12-31", "2027-01-01T00:00:00+00:00")]
    [InlineData("7d", "2026-12-14T03:00:00+00:00")]
    public void Expiry_answers(string text, string? expected)
    {
        var now = new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected), RunbookText.ParseExpiry(text, now));
    }
}
