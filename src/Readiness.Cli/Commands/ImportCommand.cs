using System.CommandLine;
using Readiness.Core.Checklists;

namespace Readiness.Cli.Commands;

/// <summary>`readiness import FILE.md [--output FILE.yaml]`: a Markdown checklist to YAML.</summary>
public sealed class ImportCommand : ICliCommand
{
    public string Name => "import";

    public Command Build()
    {
        var file = new Argument<string>("file") { Description = "Markdown checklist (task lists, headings, or '• [ ]' text copied from a web page)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the YAML checklist here (default: standard output)." };
        var name = new Option<string?>("--name") { Description = "Checklist name (default: from the front matter or title)." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing output file." };

        var command = new Command(Name, "Import a Markdown checklist and write it as a YAML checklist with manual items.") { file, output, name, force };
        command.SetAction(parse =>
        {
            var document = MarkdownChecklistImporter.ImportDocumentFile(parse.GetValue(file)!);
            var checklist = document.Checklist;
            if (parse.GetValue(name) is { Length: > 0 } n) checklist.Name = n;
            var yaml = ChecklistYamlWriter.Write(checklist);

            var path = parse.GetValue(output);
            if (path is null || path == "-") Console.Out.Write(yaml);
            else
            {
                if (File.Exists(path) && !parse.GetValue(force))
                    throw new ArgumentException($"{path} already exists; use --force to overwrite it.");
                File.WriteAllText(path, yaml);
            }
            var sections = checklist.Items.Select(i => i.Section).Distinct().Count();
            var ticked = checklist.Items.Count(i => i.PreviouslyValidated);
            Console.Error.WriteLine($"readiness: imported {checklist.Items.Count} items in {sections} sections ({ticked} already ticked, " +
                                    $"{document.Snapshots.Count} validation snapshot(s)){(path is null or "-" ? "" : $" to {path}")}.");
            return ExitCodes.Go;
        });
        return command;
    }
}
