using System.CommandLine;
using System.Text.Json;
using Readiness.Core.Reporting;

namespace Readiness.Cli.Commands;

public sealed class DiffCommand : ICliCommand
{
    public string Name => "diff";

    public Command Build()
    {
        var oldReport = new Argument<string>("old") { Description = "Earlier JSON report." };
        var newReport = new Argument<string>("new") { Description = "Later JSON report." };
        var format = new Option<string>("--format", "-f") { Description = "markdown (for a pull-request comment) or json.", DefaultValueFactory = _ => "markdown" };
        var failOnRegression = new Option<bool>("--fail-on-regression") { Description = "Exit 1 when any item regressed." };
        var command = new Command(Name, "What changed between two runs: regressions, fixes, new and removed items, changed figures.")
        {
            oldReport, newReport, format, failOnRegression,
        };
        command.SetAction(parse =>
        {
            var comparison = ReportComparer.Compare(ReportJson.ReadFile(parse.GetValue(oldReport)!), ReportJson.ReadFile(parse.GetValue(newReport)!));
            var f = parse.GetValue(format)!;
            if (f.Equals("json", StringComparison.OrdinalIgnoreCase)) Console.WriteLine(JsonSerializer.Serialize(comparison, ReportJson.Indented.ReportComparison));
            else if (f.Equals("markdown", StringComparison.OrdinalIgnoreCase)) Console.Write(ReportComparer.ToMarkdown(comparison));
            else throw new ArgumentException($"Unknown format '{f}'. Allowed: markdown, json.");
            return parse.GetValue(failOnRegression) && comparison.Regressions.Any() ? ExitCodes.Findings : ExitCodes.Go;
        });
        return command;
    }
}
