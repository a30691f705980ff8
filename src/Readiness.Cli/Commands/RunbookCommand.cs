using System.CommandLine;
using Readiness.Core.Reporting;
using Readiness.Core.Runbooks;
using Readiness.Core.Running;
using Spectre.Console;

namespace Readiness.Cli.Commands;

/// <summary>`readiness runbook CHECKLIST`: the checklist as a guided incident runbook (Core's RunbookEngine), prompting through Spectre.Console.</summary>
public sealed class RunbookCommand : ICliCommand
{
    public string Name => "runbook";

    public Command Build()
    {
        var checklist = new Argument<string>("checklist") { Description = "Checklist file (YAML or Markdown)." };
        var section = new Option<string[]>("--section") { Description = "Walk only this section; repeatable." };
        var vars = new Option<string[]>("--var") { Description = "Variable as name=value; repeatable." };
        var profile = new Option<string?>("--profile") { Description = "YAML file of variables (name: value)." };
        var evidence = new Option<string?>("--evidence") { Description = "Attestation file (default: <checklist>.evidence.jsonl beside the checklist)." };
        var runFile = new Option<string?>("--run-file") { Description = "Progress of the run (default: <checklist>.runbook.json beside the evidence file)." };
        var restart = new Option<bool>("--restart") { Description = "Start over instead of continuing the saved run." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Ask nothing: run the automated items and leave manual ones Manual (also in CI or without a terminal)." };
        var by = new Option<string?>("--by") { Description = "Who runs the runbook and attests by default (default: git user.name, else the OS user)." };
        var timeline = new Option<string[]>("--timeline") { Description = "Write the incident timeline here; .json is JSON, anything else Markdown. Repeatable." };
        var timeout = new Option<int?>("--timeout") { Description = "Per-check timeout in seconds." };
        var asOf = CliCommands.AsOfOption("The timeline keeps the real times.");

        var command = new Command(Name, "Walk a checklist as an incident runbook: run each step, show its result, prompt on failures and manual items, save progress to resume.")
        {
            checklist, section, vars, profile, evidence, runFile, restart, yes, by, timeline, timeout, asOf,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new RunbookRequest
            {
                ChecklistPath = parse.GetValue(checklist)!,
                Sections = (parse.GetValue(section) ?? Array.Empty<string>()).ToList(),
                Variables = CliCommands.ParseVariables(parse.GetValue(vars)),
                ProfilePath = parse.GetValue(profile),
                CallerDirectory = Environment.CurrentDirectory,
                EvidencePath = parse.GetValue(evidence),
                RunFilePath = parse.GetValue(runFile),
                Restart = parse.GetValue(restart),
                Operator = parse.GetValue(by),
                TimeoutSeconds = parse.GetValue(timeout),
                AsOf = CliCommands.AsOf(parse, asOf),
            };
            // Colour and the spinner only on a terminal: a redirected log gets plain lines.
            var plain = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is not null;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Out),
                Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
                Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
            });
            var prompt = new SpectrePrompt(console, RunbookPolicy.CanPrompt(parse.GetValue(yes), !Console.IsInputRedirected), ct);
            // --yes also answers the runner's question before load, signed deliveries or login attempts.
            var outcome = await new RunbookEngine(prompt, new ConsoleHost { Yes = parse.GetValue(yes), Cancellation = ct }).RunAsync(request, ct);
            prompt.EndStep();
            foreach (var path in parse.GetValue(timeline) ?? Array.Empty<string>())
            {
                RunbookTimeline.WriteFile(outcome.State, path);
                Console.Error.WriteLine($"readiness: wrote the incident timeline to {path}");
            }
            foreach (var line in CiEnvironment.Detect().Publish(outcome.Report, "table", Console.Out))
                Console.Error.WriteLine($"readiness: {line}");
            return outcome.Stopped || outcome.Report.Decision == Decision.NoGo ? ExitCodes.Findings : ExitCodes.Go;
        });
        return command;
    }

    /// <summary>Spectre.Console rendering of the engine's events and questions; a spinner while a check runs on a terminal.</summary>
    private sealed class SpectrePrompt(IAnsiConsole console, bool canPrompt, CancellationToken cancellation) : IRunbookPrompt
    {
        private TaskCompletionSource? _running;
        private Task? _spinner;

        public bool CanPrompt => canPrompt;

        public void Show(RunbookEvent e)
        {
            if (e.Kind != RunbookEventKind.StepStarted) EndStep();
            switch (e.Kind)
            {
                case RunbookEventKind.Section:
                    console.WriteLine();
                    console.Write(new Rule($"[bold]{Markup.Escape(e.Text)}[/]").LeftJustified());
                    break;
                case RunbookEventKind.StepStarted:
                    StartStep(e.Step!);
                    break;
                case RunbookEventKind.StepFinished:
                    var r = e.Result!;
                    var grid = new Grid().AddColumn(new GridColumn().NoWrap().Width(9)).AddColumn();
                    grid.AddRow(new Markup($"[{TableReportWriter.StatusColor(r.Status)}]{r.Status}[/]"),
                        new Markup($"[bold]{Markup.Escape(e.Step!.Heading)}[/]\n{Markup.Escape(r.Message)}"));
                    console.Write(grid);
                    break;
                case RunbookEventKind.Remediation:
                    console.Write(new Panel(new Text(e.Text)).Header("remediation").BorderColor(Color.Yellow).Expand());
                    break;
                case RunbookEventKind.ManualItem:
                    var lines = e.Text.Split('\n');
                    console.Write(new Panel(new Markup(string.Join("\n", lines.Select(Line)))).Header("manual step").BorderColor(Color.Blue).Expand());
                    break;
                case RunbookEventKind.Attested:
                    console.MarkupLine($"[green]{Markup.Escape(e.Text)}[/]");
                    break;
                case RunbookEventKind.Pending or RunbookEventKind.Stopped:
                    console.MarkupLine($"[yellow]{Markup.Escape(e.Text)}[/]");
                    break;
                case RunbookEventKind.Finished:
                    console.WriteLine();
                    var color = e.Report?.Decision switch { Decision.Go => "green", Decision.NoGo => "red", _ => "yellow" };
                    console.MarkupLine($"[bold {color}]{Markup.Escape(e.Text)}[/]");
                    break;
                default:
                    console.MarkupLine($"[grey]{Markup.Escape(e.Text)}[/]");
                    break;
            }
        }

        public int Choose(RunbookQuestion question)
        {
            EndStep();
            var menu = string.Join("  ", question.Choices.Select(c => $"[bold]{c.HotKey}[/] {Markup.Escape(c.Name)}"));
            console.MarkupLine($"[bold]{Markup.Escape(question.Caption)}[/]  {menu}");
            var answer = new TextPrompt<string>($"{Markup.Escape(question.Message)}")
                .DefaultValue(question.Choices[question.DefaultChoice].HotKey.ToString())
                .Validate(a => Find(question, a) >= 0 ? ValidationResult.Success() : ValidationResult.Error(
                    $"[red]Type one of {string.Join(", ", question.Choices.Select(c => c.HotKey))}.[/]"))
                .ShowAsync(console, cancellation).GetAwaiter().GetResult();
            return Find(question, answer);
        }

        public string ReadLine(string label, string? defaultValue)
        {
            EndStep();
            // Spectre adds the colon after a default, not without one.
            var prompt = new TextPrompt<string>(Markup.Escape(label) + (defaultValue is null ? ":" : "")).AllowEmpty();
            if (defaultValue is not null) prompt.DefaultValue(defaultValue);
            var answer = prompt.ShowAsync(console, cancellation).GetAwaiter().GetResult();
            return string.IsNullOrWhiteSpace(answer) ? defaultValue ?? "" : answer;
        }

        // Choosing "attest" and answering its questions is the confirmation; nothing more is asked.
        public bool ShouldRecord(string target, string action) => true;

        /// <summary>A hot key, the choice's name or its number.</summary>
        private static int Find(RunbookQuestion question, string answer)
        {
            var a = answer.Trim();
            for (var i = 0; i < question.Choices.Count; i++)
            {
                var c = question.Choices[i];
                if (a.Length == 1 && char.ToLowerInvariant(a[0]) == c.HotKey) return i;
                if (a.Equals(c.Name, StringComparison.OrdinalIgnoreCase) || a.Equals(c.Action.ToString(), StringComparison.OrdinalIgnoreCase)) return i;
                if (a == (i + 1).ToString()) return i;
            }
            return -1;
        }

        private static string Line(string line) =>
            line.StartsWith("Link: ", StringComparison.Ordinal)
                ? $"[blue]{Markup.Escape(line)}[/]"
                : Markup.Escape(line);

        private void StartStep(RunbookStep step)
        {
            if (!console.Profile.Capabilities.Interactive || step.IsManual) return;
            _running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var done = _running.Task;
            _spinner = console.Status().Spinner(Spinner.Known.Dots)
                .StartAsync($"{Markup.Escape(step.Heading)} [grey]({Markup.Escape(step.Item.CheckType)})[/]", _ => done);
        }

        public void EndStep()
        {
            if (_running is null) return;
            _running.TrySetResult();
            _spinner?.GetAwaiter().GetResult();
            _running = null;
            _spinner = null;
        }
    }
}
