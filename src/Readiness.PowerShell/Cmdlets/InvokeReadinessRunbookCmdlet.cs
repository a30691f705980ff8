using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using Readiness.Core.Runbooks;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Walks a checklist (or some of its sections) as an incident runbook through Core's RunbookEngine: this cmdlet only
/// binds parameters and answers the engine's questions through the host UI (PromptForChoice, ReadLine), so any
/// host, including a test host, can drive it. Returns the report of the steps so far.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ReadinessRunbook", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ReadinessReport))]
public sealed class InvokeReadinessRunbookCmdlet : ReadinessCmdlet
{
    private const string PathSet = "Path";
    private const string ObjectSet = "Checklist";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Checklist { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public Checklist? InputObject { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Section { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = PathSet)]
    public Hashtable? Variable { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Profile { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EvidencePath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunPath { get; set; }

    [Parameter]
    public SwitchParameter Restart { get; set; }

    [Parameter]
    public SwitchParameter NonInteractive { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? By { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] TimelinePath { get; set; } = Array.Empty<string>();

    [Parameter]
    [ValidateRange(1, 86400)]
    [Alias("TimeoutSeconds", "Timeout")]
    public int? TimeoutSec { get; set; }

    [Parameter]
    [AsOfTransformation]
    public DateTimeOffset? AsOf { get; set; }

    protected override void ProcessRecord()
    {
        var request = new RunbookRequest
        {
            Checklist = InputObject,
            ChecklistPath = InputObject is null ? ResolvePath(Checklist) : null,
            Variables = ToVariables(Variable),
            ProfilePath = Profile is null ? null : ResolvePath(Profile),
            CallerDirectory = SessionState.Path.CurrentFileSystemLocation.Path,
            Sections = Section.ToList(),
            EvidencePath = EvidencePath is null ? null : ResolvePath(EvidencePath),
            RunFilePath = RunPath is null ? null : ResolvePath(RunPath),
            Restart = Restart,
            Operator = By,
            TimeoutSeconds = TimeoutSec,
            AsOf = AsOf,
        };
        var timelines = TimelinePath.Select(ResolvePath).ToList();
        var prompt = new HostPrompt(this, RunbookPolicy.CanPrompt(NonInteractive, HostCanAsk()));
        var outcome = Configured(() => RunEngine((host, ct) => new RunbookEngine(prompt, host).RunAsync(request, ct)), (object?)InputObject ?? Checklist);
        prompt.Done();
        foreach (var path in timelines)
        {
            RunbookTimeline.WriteFile(outcome.State, path);
            WriteVerbose($"Wrote the incident timeline to {path}.");
        }
        if (outcome.Stopped) WriteWarning($"The runbook was stopped; run Invoke-ReadinessRunbook again to continue (progress in {outcome.RunFilePath}).");
        PublishToCi(outcome.Report);
        WriteObject(outcome.Report);
    }

    /// <summary>pwsh -NonInteractive makes every prompt throw; ask it up front instead of failing on the first question.</summary>
    private bool HostCanAsk()
    {
        if (Host?.UI is null) return false;
        var args = Environment.GetCommandLineArgs();
        return !args.Any(a => a.Equals("-NonInteractive", StringComparison.OrdinalIgnoreCase) || a.Equals("-noni", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The host UI side of the runbook: everything runs on the pipeline thread, where PowerShell allows it.</summary>
    private sealed class HostPrompt(InvokeReadinessRunbookCmdlet cmdlet, bool canPrompt) : IRunbookPrompt
    {
        private readonly int _activityId = Random.Shared.Next(1, int.MaxValue);
        private string _activity = "Runbook";

        public bool CanPrompt => canPrompt;

        public void Show(RunbookEvent e) => cmdlet.OnPipelineThread(() =>
        {
            switch (e.Kind)
            {
                case RunbookEventKind.StepStarted:
                    cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, e.Text)
                    {
                        PercentComplete = (int)(100.0 * (e.Step!.Number - 1) / e.Step.Total),
                        CurrentOperation = e.Step.IsManual ? "awaiting a person" : $"running the {e.Step.Item.CheckType} check",
                    });
                    break;
                case RunbookEventKind.Section:
                    _activity = $"Runbook: {e.Text}";
                    Say("", ConsoleColor.Gray);
                    Say($"== {e.Text}", ConsoleColor.Cyan);
                    break;
                case RunbookEventKind.StepFinished:
                    Say($"  {e.Result!.Status,-8} {e.Step!.Id}  {e.Result.Message}", Color(e.Result.Status));
                    break;
                case RunbookEventKind.Remediation:
                    Say($"  {e.Text}", ConsoleColor.Yellow);
                    break;
                case RunbookEventKind.ManualItem:
                    foreach (var line in e.Text.Split('\n')) Say($"  {line}", ConsoleColor.White);
                    break;
                case RunbookEventKind.Attested:
                    Say($"  {e.Text}", ConsoleColor.Green);
                    break;
                case RunbookEventKind.Stopped:
                case RunbookEventKind.Pending:
                    Say($"  {e.Text}", ConsoleColor.Yellow);
                    break;
                case RunbookEventKind.Finished:
                    Say("", ConsoleColor.Gray);
                    Say(e.Text, e.Report?.Decision == Decision.Go ? ConsoleColor.Green : e.Report?.Decision == Decision.NoGo ? ConsoleColor.Red : ConsoleColor.Yellow);
                    break;
                default:
                    Say(e.Kind is RunbookEventKind.Note or RunbookEventKind.Skipped ? $"  {e.Text}" : e.Text, ConsoleColor.Gray);
                    break;
            }
            return true;
        });

        public int Choose(RunbookQuestion question) => cmdlet.OnPipelineThread(() =>
        {
            var choices = new Collection<ChoiceDescription>(question.Choices.Select(c => new ChoiceDescription(c.Label, c.Help)).ToList());
            return cmdlet.Host.UI.PromptForChoice(question.Caption, question.Message, choices, question.DefaultChoice);
        });

        public string ReadLine(string label, string? defaultValue) => cmdlet.OnPipelineThread(() =>
        {
            cmdlet.Host.UI.Write(defaultValue is null ? $"{label}: " : $"{label} [{defaultValue}]: ");
            var answer = cmdlet.Host.UI.ReadLine() ?? "";
            return answer.Trim().Length == 0 ? defaultValue ?? "" : answer;
        });

        /// <summary>
        /// Choosing Attest and answering its questions is the confirmation, so ShouldProcess is only consulted when
        /// -WhatIf or -Confirm asks for it; the command's ConfirmImpact is High for the load items it may run, and
        /// would otherwise ask a second time for every attestation.
        /// </summary>
        public bool ShouldRecord(string target, string action) => cmdlet.OnPipelineThread(() =>
            !(Requested("WhatIf", "WhatIfPreference") || Requested("Confirm", null)) || cmdlet.ShouldProcess(target, action));

        private bool Requested(string parameter, string? preference) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var bound)
                ? LanguagePrimitives.IsTrue(bound)
                : preference is not null && LanguagePrimitives.IsTrue(cmdlet.GetVariableValue(preference));

        public void Done() => cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "done") { RecordType = ProgressRecordType.Completed });

        /// <summary>Through the information stream as Write-Host does, so -InformationAction and 6&gt; work on it.</summary>
        private void Say(string text, ConsoleColor color) =>
            cmdlet.WriteInformation(new HostInformationMessage { Message = text, ForegroundColor = color }, new[] { "PSHOST" });

        private static ConsoleColor Color(CheckStatus status) => status switch
        {
            _ when status.IsProblem() => ConsoleColor.Red,
            CheckStatus.Passed or CheckStatus.Attested => ConsoleColor.Green,
            CheckStatus.Warning or CheckStatus.Waived => ConsoleColor.Yellow,
            CheckStatus.Manual => ConsoleColor.Cyan,
            _ => ConsoleColor.Gray,
        };
    }
}
