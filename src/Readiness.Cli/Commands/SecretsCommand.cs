using System.CommandLine;
using Readiness.Core.Checks.Secrets;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

/// <summary><c>readiness secrets [PATH] --history --format sarif -o secrets.sarif</c>: the CLI face of Test-ReadinessSecrets.</summary>
public sealed class SecretsCommand : ICliCommand
{
    public string Name => "secrets";

    public Command Build()
    {
        var path = new Argument<string>("path") { Description = "Folder or repository to scan.", DefaultValueFactory = _ => "." };
        var history = new Option<bool>("--history") { Description = "Also scan every line ever added on any ref." };
        var noTree = new Option<bool>("--no-working-tree") { Description = "Scan only the history." };
        var allowlist = new Option<string?>("--allowlist") { Description = "Fingerprint file of reviewed findings." };
        var allowPath = new Option<string[]>("--allow-path") { Description = "Glob of files not to scan; repeatable." };
        var allowRegex = new Option<string[]>("--allow-regex") { Description = "Regex that suppresses a finding; repeatable." };
        var envExample = new Option<string?>("--env-example") { Description = "Also check that this .env.example lists every variable the code reads." };
        var required = new Option<string[]>("--require") { Description = "Variable .env.example must list; repeatable." };
        var perFinding = new Option<bool>("--per-finding") { Description = "One result per finding (implied by --format sarif)." };
        var format = new Option<string>("--format", "-f") { Description = $"Output format: {string.Join(", ", ReportWriters.Formats)}.", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };

        var command = new Command(Name, "Scan a folder and its Git history for secrets; exit 1 when any is found.")
        {
            path, history, noTree, allowlist, allowPath, allowRegex, envExample, required, perFinding, format, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var fmt = parse.GetValue(format)!;
            var root = Path.GetFullPath(parse.GetValue(path)!);
            var historyWanted = parse.GetValue(history);
            string[]? Listed(Option<string[]> option) => parse.GetValue(option) is { Length: > 0 } values ? values : null;
            var run = new AdHocRun("secrets", Environment.CurrentDirectory) { Host = new ConsoleHost { Cancellation = ct }, Timeout = TimeSpan.FromHours(1) }
                .Add("secrets", "secrets.scan", historyWanted ? "No secrets in the working tree or Git history" : "No secrets in the working tree", Severity.Critical,
                    new Dictionary<string, object?>
                    {
                        ["path"] = root, ["history"] = historyWanted, ["workingTree"] = !parse.GetValue(noTree), ["allowlist"] = parse.GetValue(allowlist),
                        ["allowPaths"] = Listed(allowPath), ["allowRegexes"] = Listed(allowRegex),
                        ["perFinding"] = parse.GetValue(perFinding) || fmt.Equals("sarif", StringComparison.OrdinalIgnoreCase),
                    }, section: "Secrets");
            if (parse.GetValue(envExample) is { } example)
                run.Add("secrets", "secrets.env-example", ".env.example lists every required variable", Severity.Critical, new Dictionary<string, object?>
                {
                    ["mode"] = "env-example", ["path"] = root, ["envExample"] = Path.Combine(root, example), ["required"] = Listed(required),
                }, section: "Secrets");
            var results = await run.RunAsync(ct);
            var report = ReportBuilder.Aggregate(results);
            report.ChecklistName = "secrets";
            Output.Write(report, fmt, parse.GetValue(output), verbose: true);
            return CheckStatusRules.Quiet(results) ? ExitCodes.Go : ExitCodes.Findings;
        });
        return command;
    }
}
