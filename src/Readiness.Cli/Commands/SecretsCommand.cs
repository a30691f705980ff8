using System.CommandLine;
using Readiness.Core.Checks.Secrets;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

/// <summary><c>readiness secrets [PATH] --history --format sarif -o secrets.sarif</c>: the CLI face of Test-ReadinessSecrets.</summary>
public sealed class SecretsCommand : ICliCommand
{
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

        var command = new Command("secrets", "Scan a folder and its Git history for secrets; exit 1 when any is found.")
        {
            path, history, noTree, allowlist, allowPath, allowRegex, envExample, required, perFinding, format, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var fmt = parse.GetValue(format)!;
            var request = new SecretsTestRequest
            {
                Path = parse.GetValue(path)!,
                History = parse.GetValue(history),
                WorkingTree = !parse.GetValue(noTree),
                AllowlistPath = parse.GetValue(allowlist),
                AllowPaths = (parse.GetValue(allowPath) ?? Array.Empty<string>()).ToList(),
                AllowRegexes = (parse.GetValue(allowRegex) ?? Array.Empty<string>()).ToList(),
                EnvExample = parse.GetValue(envExample),
                RequiredVariables = (parse.GetValue(required) ?? Array.Empty<string>()).ToList(),
                PerFinding = parse.GetValue(perFinding) || fmt.Equals("sarif", StringComparison.OrdinalIgnoreCase),
            };
            var results = await SecretsTest.RunAsync(request, new ConsoleHost(), ct);
            var report = ReportBuilder.Aggregate(results);
            report.ChecklistName = "secrets";
            Output.Write(report, fmt, parse.GetValue(output), verbose: true);
            return CheckStatusRules.Quiet(results) ? ExitCodes.Go : ExitCodes.Findings;
        });
        return command;
    }
}
