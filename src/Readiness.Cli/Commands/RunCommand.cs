using System.CommandLine;
using Readiness.Core.Checklists;
using Readiness.Core.Evidence;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

public sealed class RunCommand : ICliCommand
{
    public string Name => "run";

    public Command Build()
    {
        var checklist = new Argument<string>("checklist") { Description = "Checklist file (YAML or Markdown)." };
        var vars = new Option<string[]>("--var") { Description = "Variable as name=value; repeatable.", AllowMultipleArgumentsPerToken = false };
        var profile = new Option<string?>("--profile") { Description = "YAML file of variables (name: value)." };
        var format = new Option<string>("--format", "-f") { Description = $"Output format: {string.Join(", ", ReportWriters.Formats)}.", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var parallel = new Option<int?>("--parallel") { Description = $"Items run at once (default {ChecklistSettings.DefaultParallel})." };
        var timeout = new Option<int?>("--timeout") { Description = $"Per-check timeout in seconds (default {ChecklistSettings.DefaultTimeoutSeconds})." };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on Conditional too, not only on NoGo." };
        var section = new Option<string[]>("--section") { Description = "Run only this section: its name, a wildcard (Signing*), or its number (9.1; 9 for 9.1, 9.2, ...); repeatable." };
        var id = new Option<string[]>("--id") { Description = "Run only this item id (wildcards allowed); repeatable." };
        var evidence = new Option<string?>("--evidence") { Description = "Attestation file (default: <checklist>.evidence.jsonl beside the checklist)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show evidence and remediation in the table." };
        var trend = new Option<string[]>("--trend") { Description = "Previous JSON reports (comma-separated or repeated) for the pass-rate trend line of --format html." };
        var onlyFailed = new Option<string?>("--only-failed") { Description = "Rerun only the items that Failed or Errored in this previous JSON report." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the items that send load, signed webhooks, failed logins or bursts, or restore backups, and skip them; read-only items still run." };
        var asOf = CliCommands.AsOfOption("The report records it.");
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before load against a target other than this machine (CI, TF_BUILD and GITHUB_ACTIONS imply it)." };

        var command = new Command(Name, "Run a checklist and print the report with its Go/No-Go decision.")
        {
            checklist, vars, profile, format, output, parallel, timeout, strict, section, id, evidence, verbose, onlyFailed, trend, dryRun, yes, asOf,
        };
        command.SetAction(async (parse, ct) =>
        {
            // An unknown format is a usage error before anything runs, not after.
            ReportWriters.Get(parse.GetValue(format)!);
            var request = new RunRequest
            {
                ChecklistPath = parse.GetValue(checklist)!,
                Variables = CliCommands.ParseVariables(parse.GetValue(vars)),
                ProfilePath = parse.GetValue(profile),
                CallerDirectory = Environment.CurrentDirectory,
                EvidencePath = parse.GetValue(evidence),
                Options = new RunOptions
                {
                    Parallel = parse.GetValue(parallel),
                    TimeoutSeconds = parse.GetValue(timeout),
                    Sections = (parse.GetValue(section) ?? Array.Empty<string>()).ToList(),
                    Ids = (parse.GetValue(id) ?? Array.Empty<string>()).ToList(),
                    AsOf = CliCommands.AsOf(parse, asOf),
                },
            };
            if (parse.GetValue(onlyFailed) is { } previous) PreviousRun.Apply(request.Options, previous);
            // Previous reports are read before the run, so a wrong path fails fast instead of after minutes of checks.
            var trendPaths = (parse.GetValue(trend) ?? Array.Empty<string>()).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (trendPaths.Count > 0 && !parse.GetValue(format)!.Equals("html", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException("--trend draws the pass-rate line of the HTML report; use it with --format html.");
            var previousReports = trendPaths.Select(p => File.Exists(p) ? ReportJson.ReadFile(p) : throw new FileNotFoundException($"Trend report {p} does not exist.")).ToList();
            var host = new ConsoleHost { DryRun = parse.GetValue(dryRun), Yes = parse.GetValue(yes), Cancellation = ct };
            var report = await ReadinessSession.RunAsync(request, host, ct);
            IReportWriter? writer = previousReports.Count > 0 ? new HtmlReportWriter { Trend = ReportTrend.Build(previousReports, report) } : null;
            Output.Write(report, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(verbose), writer);
            return report.Decision switch
            {
                Decision.Go => ExitCodes.Go,
                Decision.Conditional when !parse.GetValue(strict) => ExitCodes.Go,
                _ => ExitCodes.Findings,
            };
        });
        return command;
    }
}
