using System.CommandLine;
using Readiness.Core.Reporting;
using Readiness.Core.Running;
using Readiness.Sample;

namespace Readiness.Cli.Commands;

/// <summary>`readiness demo`: runs the shipped checklist against the bundled sample target, no setup needed.</summary>
public sealed class DemoCommand : ICliCommand
{
    public string Name => "demo";

    public Command Build()
    {
        var ready = new Option<bool>("--ready") { Description = "Serve the production-ready configuration instead of the flawed one." };
        var checklist = new Option<string?>("--checklist") { Description = $"Checklist to run (default: {SampleDemo.DefaultChecklist} found from the current folder)." };
        var vars = new Option<string[]>("--var") { Description = "Extra variable as name=value; repeatable (api and repo are set by the demo)." };
        var format = new Option<string>("--format", "-f") { Description = $"Output format: {string.Join(", ", ReportWriters.Formats)}.", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var evidence = new Option<string?>("--evidence") { Description = "Attestation file to honour (default: none, so manual items show as pending)." };
        var gate = new Option<bool>("--gate") { Description = "Exit like `run` (1 on NoGo) instead of 0 whenever a report was produced." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show evidence and remediation in the table." };
        var asOf = CliCommands.AsOfOption("The report records it.");

        var command = new Command(Name, "Start the bundled sample service on 127.0.0.1, run the diffver checklist against it, print the report, stop the service.")
        {
            ready, checklist, vars, format, output, evidence, gate, verbose, asOf,
        };
        command.SetAction(async (parse, ct) =>
        {
            var formatName = parse.GetValue(format)!;
            ReportWriters.Get(formatName);
            var report = await SampleDemo.RunAsync(new DemoRequest
            {
                ChecklistPath = parse.GetValue(checklist),
                Ready = parse.GetValue(ready),
                Variables = CliCommands.ParseVariables(parse.GetValue(vars)),
                EvidencePath = parse.GetValue(evidence),
                Options = new RunOptions { AsOf = CliCommands.AsOf(parse, asOf) },
            }, new ConsoleHost(), ct);
            Output.Write(report, formatName, parse.GetValue(output), parse.GetValue(verbose));
            return parse.GetValue(gate) && report.Decision == Decision.NoGo ? ExitCodes.Findings : ExitCodes.Go;
        });
        return command;
    }
}
