using System.CommandLine;
using System.Globalization;
using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

/// <summary>`readiness export-markdown CHECKLIST [--run]`: the checklist as Markdown, ticked from a run, with a dated snapshot.</summary>
public sealed class ExportMarkdownCommand : ICliCommand
{
    public string Name => "export-markdown";

    public Command Build()
    {
        var checklist = new Argument<string>("checklist") { Description = "Checklist file (YAML or Markdown)." };
        var run = new Option<bool>("--run") { Description = "Run the checklist first; tick what passed, was attested or waived, and add a validation snapshot." };
        var vars = new Option<string[]>("--var") { Description = "Variable as name=value; repeatable." };
        var profile = new Option<string?>("--profile") { Description = "YAML file of variables (name: value)." };
        var evidence = new Option<string?>("--evidence") { Description = "Attestation file (default: <checklist>.evidence.jsonl beside the checklist)." };
        var link = new Option<string?>("--evidence-link") { Description = "Link written on the snapshot's 'Evidence:' line (a report file or URL)." };
        var date = new Option<string?>("--date") { Description = "Snapshot date yyyy-MM-dd (default: the run's date)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the Markdown here (default: standard output)." };

        var command = new Command(Name, "Write a checklist back as Markdown with items ticked and a dated validation snapshot.")
        {
            checklist, run, vars, profile, evidence, link, date, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(checklist)!;
            var variables = CliCommands.ParseVariables(parse.GetValue(vars));
            var loaded = ReadinessSession.Load(path, variables, parse.GetValue(profile), callerDirectory: Environment.CurrentDirectory);
            ReadinessReport? report = null;
            if (parse.GetValue(run))
                report = await ReadinessSession.RunAsync(new RunRequest { Checklist = loaded, EvidencePath = parse.GetValue(evidence) }, new ConsoleHost(), ct);

            DateOnly? snapshotDate = null;
            if (parse.GetValue(date) is { } d)
                snapshotDate = DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed : throw new ArgumentException($"--date '{d}' must look like 2026-03-06.");
            var markdown = MarkdownChecklistExporter.Export(loaded, report, new MarkdownExportOptions
            {
                SnapshotDate = snapshotDate,
                EvidenceLink = parse.GetValue(link),
                PreviousSnapshots = MarkdownChecklistExporter.SnapshotsOf(path),
            });
            if (parse.GetValue(output) is { } file and not "-") File.WriteAllText(file, markdown);
            else Console.Out.Write(markdown);
            return ExitCodes.Go;
        });
        return command;
    }
}
