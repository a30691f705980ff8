using System.CommandLine;

namespace Readiness.Cli.Commands;

public sealed class VersionCommand : ICliCommand
{
    public string Name => "version";

    public Command Build()
    {
        var command = new Command(Name, "Print the tool version.");
        command.SetAction(_ => { Console.WriteLine(CliCommands.Version); return 0; });
        return command;
    }
}
