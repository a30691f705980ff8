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

    [Fact]
    public void Each_command_is_built_under_the_name_it_is_listed_by()
    {
        Assert.Empty(CliCommands.Listed().Where(c => c.Build().Name != c.Name).Select(c => $"{c.GetType().Name}: listed as {c.Name}, built as {c.Build().Name}"));
    }

    [Theory]
    [InlineData("secrets . --history", "secrets")]
    [InlineData("verify-evidence --help", "verify-evidence")]
    public void A_run_builds_only_the_command_it_invokes(string commandLine, string only)
    {
        Assert.Equal(new[] { only }, CliCommands.Root(Args(commandLine)).Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("secret")]
    public void Help_a_root_option_or_an_unknown_command_builds_them_all(string commandLine)
    {
        Assert.Equal(CliCommands.Listed().Select(c => c.Name).Order(StringComparer.Ordinal), CliCommands.Root(Args(commandLine)).Subcommands.Select(c => c.Name));
    }

    private static string[] Args(string commandLine) => commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
