using System.CommandLine;
using Readiness.Core.Reporting;

namespace Readiness.Cli.Commands;

/// <summary>
/// Hidden build step used by scripts/package.sh: turns docs/cmdlets/*.md into the module's MAML help file and
/// docs/about_*.md into about_*.help.txt topics, so Get-Help works from the same pages people read.
/// </summary>
public sealed class BuildHelpCommand : ICliCommand
{
    public Command Build()
    {
        var docs = new Option<string>("--docs") { Description = "The docs folder (holding cmdlets/ and about_*.md).", Required = true };
        var output = new Option<string>("--output") { Description = "The culture folder to write, e.g. out/Readiness/en-US.", Required = true };
        var assembly = new Option<string>("--assembly") { Description = "Module assembly the MAML file belongs to.", DefaultValueFactory = _ => "Readiness.PowerShell.dll" };
        var command = new Command("build-help", "Generate MAML and about_ help from docs/ (build step).") { docs, output, assembly };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var docsFolder = parse.GetValue(docs)!;
            var outFolder = parse.GetValue(output)!;
            var cmdletFolder = Path.Combine(docsFolder, "cmdlets");
            var pages = Directory.Exists(cmdletFolder)
                ? Directory.GetFiles(cmdletFolder, "*-*.md").OrderBy(p => p, StringComparer.Ordinal).Select(CommandHelpReader.ReadFile).ToList()
                : new List<CommandHelp>();
            var maml = Path.Combine(outFolder, parse.GetValue(assembly)! + "-Help.xml");
            MamlHelpWriter.WriteFile(pages, maml);
            Console.Error.WriteLine($"readiness: wrote help for {pages.Count} cmdlets to {maml}");
            foreach (var about in Directory.Exists(docsFolder) ? Directory.GetFiles(docsFolder, "about_*.md") : Array.Empty<string>())
            {
                var target = Path.Combine(outFolder, Path.GetFileNameWithoutExtension(about) + ".help.txt");
                File.WriteAllText(target, MamlHelpWriter.AboutText(File.ReadAllText(about)));
            }
            return ExitCodes.Go;
        });
        return command;
    }
}
