using Readiness.Core.Tests.Fixtures;
using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>The subcommands are a written-out list (a trimmed build keeps nothing found by reflection).</summary>
public sealed class CliCommandsTests
{
    [Fact]
    public void Every_command_class_is_listed()
    {
        ListedTypes.AssertExactlyTheImplementations(typeof(CliCommands).Assembly, CliCommands.Listed(), "CliCommands.Listed()");
    }

    [Fact]
    public void Help_names_every_listed_command()
    {
        var run = CliRunner.Invoke(Path.GetTempPath(), "--help");
        Assert.Equal(0, run.ExitCode);
        var commandLines = run.Out.Split('\n').Select(l => l.Trim().Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(CliCommands.All().Select(c => c.Name).Where(name => !commandLines.Contains(name)).Select(name => $"--help does not list {name}"));
    }
}
