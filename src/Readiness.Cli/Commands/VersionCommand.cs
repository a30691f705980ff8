using System.CommandLine;

namespace Readiness.Cli.Commands;

public sealed class VersionCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("version", "Print the tool version.");
        command.SetAction(_ => { Console.WriteLine(CliCommands.Version); return 0; });
        return command;
    }
}
