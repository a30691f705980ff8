using System.Diagnostics;
using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Core.Runbooks;

/// <summary>What a runbook session needs from a front end. Null options fall back to the checklist's, then the defaults.</summary>
public sealed class RunbookRequest
{
    public string? ChecklistPath { get; set; }
    /// <summary>An already loaded checklist; wins over <see cref="ChecklistPath"/>.</summary>
    public Checklist? Checklist { get; set; }
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);
    public string? ProfilePath { get; set; }
    /// <summary>Where relative paths in <see cref="Variables"/> resolve (the caller's location); null: beside the checklist.</summary>
    public string? CallerDirectory { get; set; }
    public List<string> Sections { get; set; } = new();
    /// <summary>Default: <c>name.evidence.jsonl</c> beside the checklist.</summary>
    public string? EvidencePath { get; set; }
    /// <summary>Default: <c>name.runbook.json</c> beside the evidence file.</summary>
    public string? RunFilePath { get; set; }
    /// <summary>Throw the run file's progress away and start from the first step.</summary>
    public bool Restart { get; set; }
    public int? TimeoutSeconds { get; set; }
    /// <summary>Who runs the session and attests by default; the git user, else the OS user, when null.</summary>
    public string? Operator { get; set; }
    public Func<string, string?>? EnvironmentLookup { get; set; }
    public TimeProvider? Clock { get; set; }
    /// <summary>Judge the steps' dates as of this instant (--as-of/-AsOf); the timeline keeps the real times.</summary>
    public DateTimeOffset? AsOf { get; set; }
    public string? Target { get; set; }
}

public sealed record RunbookOutcome(ReadinessReport Report, RunbookState State, string RunFilePath, string EvidencePath, bool Stopped);

/// <summary>
/// Walks a checklist as an incident runbook: sections in order, one step at a time, each automated item run and
/// shown as it lands; a Failed or Error step offers retry, skip, a note or stop; a manual step asks for an
/// attestation written to the evidence file's hash chain. Progress is saved after every step, so a second session
/// continues where the first stopped.
/// </summary>
public sealed class RunbookEngine
{
    private static readonly RunbookChoice Retry = new(RunbookAction.Retry, "&Retry", "Run the check again, e.g. after fixing what it found.");
    private static readonly RunbookChoice SkipFailed = new(RunbookAction.Skip, "&Skip", "Keep the result and go on to the next step.");
    private static readonly RunbookChoice Note = new(RunbookAction.Note, "Add a &note", "Record a note on this step in the timeline, then choose again.");
    private static readonly RunbookChoice Stop = new(RunbookAction.Stop, "S&top", "Save progress and stop; the next session continues with this step.");
    private static readonly RunbookChoice Attest = new(RunbookAction.Attest, "&Attest", "Sign this item off: who, a note and an optional expiry go into the evidence file.");
    private static readonly RunbookChoice SkipManual = new(RunbookAction.Skip, "&Skip", "Leave the item awaiting attestation and go on.");

    private readonly IRunbookPrompt _prompt;
    private readonly IReadinessHost _host;
    private readonly ChecklistRunner _runner;

    public RunbookEngine(IRunbookPrompt prompt, IReadinessHost? host = null, CheckRegistry? registry = null)
    {
        _prompt = prompt;
        _host = host ?? NullHost.Instance;
        _runner = new ChecklistRunner(registry);
    }

    public async Task<RunbookOutcome> RunAsync(RunbookRequest request, CancellationToken cancellationToken)
    {
        var checklist = request.Checklist
                        ?? ReadinessSession.Load(request.ChecklistPath ?? throw new ArgumentException("A checklist is required."),
                            request.Variables, request.ProfilePath, request.EnvironmentLookup, request.CallerDirectory);
        var items = ItemSelection.Select(checklist, new RunOptions { Sections = request.Sections });
        // Sections in the order they first appear; items keep checklist order within their section.
        var ordered = items.GroupBy(i => i.Section, StringComparer.OrdinalIgnoreCase).SelectMany(g => g).ToList();

        var evidencePath = Attestations.EvidencePathFor(checklist, request.EvidencePath);
        var runFile = request.RunFilePath ?? RunbookState.DefaultPathFor(evidencePath);
        var clock = request.Clock ?? TimeProvider.System;
        var who = string.IsNullOrWhiteSpace(request.Operator)
            ? RunbookText.DefaultWho(checklist.Path is null ? null : Path.GetDirectoryName(Path.GetFullPath(checklist.Path)))
            : request.Operator.Trim();

        var state = Open(checklist, ordered, request, evidencePath, runFile, who, clock);
        var session = new Session(this, checklist, state, runFile, evidencePath, who, clock, request, cancellationToken);
        var stopped = await session.RunAsync(ordered).ConfigureAwait(false);
        var report = session.Report(ordered);
        if (!stopped)
        {
            state.Finished = state.Steps.All(s => s.IsSettled);
            session.Record("finished", null, null, report.DecisionReason);
            state.Write(runFile);
            _prompt.Show(new RunbookEvent(RunbookEventKind.Finished, Finished(report, state)) { Report = report });
        }
        return new RunbookOutcome(report, state, runFile, evidencePath, stopped);
    }

    private RunbookState Open(Checklist checklist, List<ChecklistItem> items, RunbookRequest request, string evidencePath, string runFile,
        string who, TimeProvider clock)
    {
        var previous = request.Restart ? null : RunbookState.Read(runFile);
        if (previous is not null && !string.Equals(previous.ChecklistName, checklist.Name, StringComparison.Ordinal))
            throw new InvalidDataException($"Run file {runFile} is a run of checklist '{previous.ChecklistName}', not '{checklist.Name}'. " +
                                           "Give another run file, or start over with -Restart / --restart.");
        var now = clock.GetUtcNow();
        var state = previous ?? new RunbookState
        {
            ChecklistName = checklist.Name, ChecklistTitle = checklist.Title, ChecklistPath = checklist.Path,
            EvidencePath = evidencePath, Sections = request.Sections.ToList(), StartedAt = now, StartedBy = who,
        };
        // A checklist edited between sessions: new items join in their place, removed ones drop out.
        var known = state.Steps.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        state.Steps = items.Select(i => known.TryGetValue(i.Id, out var s) ? s : new RunbookStepRecord { Id = i.Id, Section = i.Section, Title = i.Title }).ToList();
        state.Sessions++;
        state.Finished = false;
        var settled = state.Steps.Count(s => s.IsSettled);
        if (previous is null)
        {
            state.Timeline.Add(new TimelineEntry { At = now, Event = "started", By = who, Note = $"{items.Count} steps" });
            _prompt.Show(new RunbookEvent(RunbookEventKind.Started,
                $"Runbook {checklist.Title ?? checklist.Name}: {items.Count} steps in {items.Select(i => i.Section).Distinct().Count()} section(s); progress is saved in {runFile}."));
        }
        else
        {
            state.Timeline.Add(new TimelineEntry { At = now, Event = "resumed", By = who, Note = $"{settled} of {items.Count} steps already done" });
            _prompt.Show(new RunbookEvent(RunbookEventKind.Resumed,
                $"Resuming the run started {previous.StartedAt:yyyy-MM-dd HH:mm} UTC by {previous.StartedBy}: {settled} of {items.Count} steps done (session {state.Sessions}). Start over with -Restart / --restart."));
        }
        state.Write(runFile);
        return state;
    }

    private static string Finished(ReadinessReport report, RunbookState state)
    {
        var open = state.Steps.Count(s => !s.IsSettled);
        var reason = report.DecisionReason.StartsWith($"{report.Decision}: ", StringComparison.Ordinal)
            ? report.DecisionReason[(report.Decision.ToString().Length + 2)..]
            : report.DecisionReason;
        return $"Decision: {report.Decision}. {reason}" + (open > 0 ? $" {open} step(s) are left for a person; run the runbook again to continue." : "");
    }

    /// <summary>One session over the run file: the loop, the questions and the timeline.</summary>
    private sealed class Session(RunbookEngine engine, Checklist checklist, RunbookState state, string runFile, string evidencePath,
        string who, TimeProvider clock, RunbookRequest request, CancellationToken cancellationToken)
    {
        private readonly IRunbookPrompt _prompt = engine._prompt;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly DateTimeOffset _start = clock.GetUtcNow();
        private readonly TimeProvider _judgedBy = request.AsOf is null ? clock : RunClock.For(request.AsOf);

        /// <summary>Returns true when the person stopped the session.</summary>
        public async Task<bool> RunAsync(List<ChecklistItem> items)
        {
            string? section = null;
            for (var i = 0; i < items.Count; i++)
            {
                var record = state.Steps[i];
                if (record.IsSettled) continue;
                var step = new RunbookStep(i + 1, items.Count, items[i]);
                if (!string.Equals(section, step.Section, StringComparison.OrdinalIgnoreCase))
                {
                    section = step.Section;
                    var inSection = items.Count(x => string.Equals(x.Section, section, StringComparison.OrdinalIgnoreCase));
                    _prompt.Show(new RunbookEvent(RunbookEventKind.Section, $"{section} ({inSection} step(s))") { Step = step });
                }
                if (!await RunStepAsync(step, record).ConfigureAwait(false)) return true;
            }
            return false;
        }

        private async Task<bool> RunStepAsync(RunbookStep step, RunbookStepRecord record)
        {
            while (true)
            {
                record.State = StepState.Running;
                record.StartedAt = clock.GetUtcNow();
                record.Attempts++;
                state.Write(runFile);
                _prompt.Show(new RunbookEvent(RunbookEventKind.StepStarted, step.Heading) { Step = step });
                var result = await RunItemAsync(step.Item).ConfigureAwait(false);
                Land(step, record, result);

                if (result.Status.IsProblem())
                {
                    if (!_prompt.CanPrompt) return Pending(step, record, "left for a person: nobody could be asked in this run");
                    // The checklist author's words for this incident first, then what the check itself suggests.
                    var fixes = new[] { step.Item.Remediation, result.Remediation }.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).Distinct().ToList();
                    var remediation = fixes.Count == 0 ? "No remediation is recorded for this item." : "To fix: " + string.Join("\n", fixes);
                    _prompt.Show(new RunbookEvent(RunbookEventKind.Remediation, remediation) { Step = step, Result = result });
                    switch (Ask(step, $"{step.Id} is {result.Status}", "What now?", new[] { Retry, SkipFailed, Note, Stop }, 0))
                    {
                        case RunbookAction.Retry:
                            Record("retry", step, null, null);
                            continue;
                        case RunbookAction.Skip:
                            return Settle(step, record, StepState.Skipped, "skipped", $"Skipped {step.Id}; it stays {result.Status}.");
                        default:
                            return Stopped(step, record);
                    }
                }

                if (result.Status == CheckStatus.Manual)
                {
                    if (!_prompt.CanPrompt) return Pending(step, record, "left Manual: nobody could be asked in this run");
                    _prompt.Show(new RunbookEvent(RunbookEventKind.ManualItem, Describe(step)) { Step = step, Result = result });
                    switch (Ask(step, $"{step.Id} awaits attestation", "Sign it off?", new[] { Attest, SkipManual, Note, Stop }, 0))
                    {
                        case RunbookAction.Attest:
                            await AttestAsync(step, record).ConfigureAwait(false);
                            return true;
                        case RunbookAction.Skip:
                            return Settle(step, record, StepState.Skipped, "skipped", $"Skipped {step.Id}; it stays Manual.");
                        default:
                            return Stopped(step, record);
                    }
                }

                return Settle(step, record, StepState.Done, null, null);
            }
        }

        /// <summary>Asks until the answer is not "add a note": a note is recorded and the same question comes back.</summary>
        private RunbookAction Ask(RunbookStep step, string caption, string message, IReadOnlyList<RunbookChoice> choices, int defaultChoice)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = _prompt.Choose(new RunbookQuestion(caption, message, choices, defaultChoice));
                var action = index >= 0 && index < choices.Count ? choices[index].Action : choices[defaultChoice].Action;
                if (action != RunbookAction.Note) return action;
                var note = _prompt.ReadLine("Note", null).Trim();
                if (note.Length == 0) continue;
                state.Steps.First(s => s.Id == step.Id).Notes.Add(note);
                Record("note", step, null, note);
                state.Write(runFile);
                _prompt.Show(new RunbookEvent(RunbookEventKind.Note, $"Noted on {step.Id}: {note}") { Step = step });
            }
        }

        private async Task AttestAsync(RunbookStep step, RunbookStepRecord record)
        {
            var by = _prompt.ReadLine("Attested by", who).Trim();
            if (by.Length == 0) by = who;
            var note = _prompt.ReadLine("Note (what was verified)", null).Trim();
            DateTimeOffset? expires = null;
            while (true)
            {
                try
                {
                    expires = RunbookText.ParseExpiry(_prompt.ReadLine("Expires (yyyy-MM-dd or 30d; empty for never)", null), clock.GetUtcNow());
                    break;
                }
                catch (FormatException ex)
                {
                    _prompt.Show(new RunbookEvent(RunbookEventKind.Note, ex.Message) { Step = step });
                }
            }
            if (!_prompt.ShouldRecord($"{step.Id} in {evidencePath}", $"Record an attestation by {by}"))
            {
                Pending(step, record, "was not attested: recording was declined");
                return;
            }
            var attestation = Attestations.Attest(checklist, step.Id, by, note.Length == 0 ? null : note, evidencePath, expires: expires);
            // The result comes from the manual check reading the evidence file, as in any run, not from the answer.
            var result = await RunItemAsync(step.Item).ConfigureAwait(false);
            record.Result = result;
            Record("attested", step, result.Status, note.Length == 0 ? null : note, by);
            record.State = StepState.Done;
            record.FinishedAt = clock.GetUtcNow();
            state.Write(runFile);
            _prompt.Show(new RunbookEvent(RunbookEventKind.Attested,
                $"Attested {step.Id} by {attestation.By} in {evidencePath} ({attestation.Hash[..12]})." + (expires is { } e ? $" Expires {e:yyyy-MM-dd}." : ""))
            { Step = step, Result = result, Attestation = attestation });
        }

        // A step is one item; when its check judges several aspects, the step reads as the worst of them.
        private async Task<CheckResult> RunItemAsync(ChecklistItem item)
        {
            var environment = new RunEnvironment(BaseDirectory, checklist.Variables, request.EnvironmentLookup)
            {
                Timeout = TimeSpan.FromSeconds(request.TimeoutSeconds ?? checklist.Settings.TimeoutSeconds ?? ChecklistSettings.DefaultTimeoutSeconds),
                Host = engine._host,
                Attestations = new AttestationStore(evidencePath).Latest(_judgedBy.GetUtcNow()),
                Clock = _judgedBy,
            };
            return (await engine._runner.RunItemAsync(item, environment, cancellationToken).ConfigureAwait(false)).Worst();
        }

        private string BaseDirectory => checklist.Path is not null ? Path.GetDirectoryName(Path.GetFullPath(checklist.Path))!
            : request.CallerDirectory ?? throw new ArgumentException($"Checklist '{checklist.Name}' has no file, so the runbook request must give CallerDirectory.");

        private void Land(RunbookStep step, RunbookStepRecord record, CheckResult result)
        {
            record.Result = result;
            Record("result", step, result.Status, result.Message);
            state.Write(runFile);
            _prompt.Show(new RunbookEvent(RunbookEventKind.StepFinished, $"{result.Status}: {result.Message}") { Step = step, Result = result });
        }

        private bool Settle(RunbookStep step, RunbookStepRecord record, StepState to, string? timelineEvent, string? text)
        {
            record.State = to;
            record.FinishedAt = clock.GetUtcNow();
            if (timelineEvent is not null) Record(timelineEvent, step, record.Result?.Status, null);
            state.Write(runFile);
            if (text is not null) _prompt.Show(new RunbookEvent(RunbookEventKind.Skipped, text) { Step = step, Result = record.Result });
            return true;
        }

        private bool Pending(RunbookStep step, RunbookStepRecord record, string why)
        {
            record.State = StepState.Pending;
            record.FinishedAt = clock.GetUtcNow();
            Record("pending", step, record.Result?.Status, why);
            state.Write(runFile);
            _prompt.Show(new RunbookEvent(RunbookEventKind.Pending, $"{step.Id} {why}.") { Step = step, Result = record.Result });
            return true;
        }

        private bool Stopped(RunbookStep step, RunbookStepRecord record)
        {
            record.State = StepState.NotStarted;
            Record("stopped", step, record.Result?.Status, null);
            state.Write(runFile);
            _prompt.Show(new RunbookEvent(RunbookEventKind.Stopped,
                $"Stopped at {step.Id}. Progress is saved in {runFile}; run the runbook again to continue with this step.") { Step = step });
            return false;
        }

        public void Record(string what, RunbookStep? step, CheckStatus? status, string? note, string? by = null) =>
            state.Timeline.Add(new TimelineEntry
            {
                At = clock.GetUtcNow(), Event = what, ItemId = step?.Id, Title = step?.Title, By = by ?? who, Status = status, Note = note,
            });

        /// <summary>The report of every step that has a result so far, decided like any run (waivers included).</summary>
        public ReadinessReport Report(List<ChecklistItem> items)
        {
            var results = state.Steps.Where(s => s.Result is not null).Select(s => s.Result!).ToList();
            var waivers = checklist.Path is null ? Array.Empty<Waiver>() : new WaiverFile(WaiverFile.DefaultPathFor(checklist.Path)).Read();
            var final = WaiverPolicy.Apply(results, waivers, checklist.Settings.NonWaivable, _judgedBy.GetUtcNow(), out var waiverStates);
            var report = ReportBuilder.Build(checklist, final, _start, _elapsed.Elapsed, request.Target);
            report.Waivers = new(waiverStates);
            report.AsOf = request.AsOf;
            return report;
        }

        private static string Describe(RunbookStep step)
        {
            var lines = new List<string> { step.Title };
            if (!string.IsNullOrWhiteSpace(step.Instructions)) lines.Add(step.Instructions!.Trim());
            if (step.Approvers.Count > 0) lines.Add($"Attested by: {string.Join(" or ", step.Approvers)}");
            lines.AddRange(step.Links.Select(l => $"Link: {l}"));
            return string.Join("\n", lines);
        }
    }
}
