using System.CommandLine;
using Readiness.Cli;

var root = new RootCommand("readiness: production-readiness checklists as executable checks with a Go/No-Go decision.");
foreach (var command in CliCommands.All()) root.Subcommands.Add(command);
return await CliCommands.InvokeAsync(root, args);
