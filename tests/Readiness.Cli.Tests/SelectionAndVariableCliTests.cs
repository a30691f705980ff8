using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>--section selects like -Section (Core's ItemSelection); --var paths are relative to the working folder.</summary>
public sealed class SelectionAndVariableCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-sel-" + Guid.NewGuid().ToString("N")[..10]);

    public SelectionAndVariableCliTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "checklists"));
        Directory.CreateDirectory(Path.Combine(_dir, "work"));
        File.WriteAllText(Path.Combine(_dir, "checklists", ".env"), "MODE=checklist\n");
        File.WriteAllText(Path.Combine(_dir, "work", "ready.env"), "MODE=production\n");
        File.WriteAllText(Path.Combine(_dir, "checklists", "c.yaml"), """
            schemaVersion: 1
            name: c
            variables:
              envFile: .env
            items:
              - id: backups.mode
                section: 9.1 Backups
                title: MODE is production
                severity: high
                check: { type: env, source: dotenv, file: "${envFile}", name: MODE, equals: production }
              - id: ha.signoff
                section: 9.2 High Availability
                title: sign-off
                severity: low
                manual: { approvers: [SRE] }
              - id: approvals.signoff
                section: 10.1 Approvals
                title: sign-off
                severity: low
                manual: { approvers: [SRE] }
            """);
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_section_number_and_a_var_path_relative_to_the_working_folder()
    {
        var run = CliRunner.Invoke(Path.Combine(_dir, "work"), "run", "../checklists/c.yaml", "--section", "9.1", "--var", "envFile=./ready.env", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"id\": \"backups.mode\"", run.Out);
        Assert.Contains("\"status\": \"Passed\"", run.Out);
        Assert.DoesNotContain("ha.signoff", run.Out);
    }

    [Fact]
    public void An_empty_selection_exits_2_naming_the_sections()
    {
        var run = CliRunner.Invoke(_dir, "run", "checklists/c.yaml", "--section", "9.9");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'9.1 Backups', '9.2 High Availability', '10.1 Approvals'", run.Err);
    }
}
