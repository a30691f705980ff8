using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Command;

public sealed class CommandCheckTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private async Task<CheckResult> Run(Dictionary<string, object?> parameters, int timeoutSeconds = 30)
    {
        var item = new ChecklistItem { Id = "cmd", Section = "S", Title = "t", Check = new CheckSpec { Type = "command", Parameters = parameters } };
        var env = new RunEnvironment(_dir) { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        return await CheckHarness.RunItemAsync(item, env, CancellationToken.None);
    }

    private static Dictionary<string, object?> Sh(string script) => new() { ["program"] = "sh", ["args"] = new List<object?> { "-c", script } };

    [Fact]
    public async Task A_tool_that_succeeds_with_the_expected_output_passes()
    {
        var p = Sh("echo 'SUCCESS: 12 rules found'");
        p["stdoutContains"] = "SUCCESS";
        p["stdoutMatches"] = @"^SUCCESS: \d+ rules";
        var r = await Run(p);
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Equal("0", r.Evidence["exitCode"]);
        Assert.Equal("SUCCESS: 12 rules found", r.Evidence["stdout"]);
    }

    [Fact]
    public async Task A_nonzero_exit_fails_with_the_code_and_the_stderr_excerpt()
    {
        var r = await Run(Sh("echo 'FAILED: alert HighErrorRate has no runbook' >&2; exit 3"));
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Equal("sh -c \"echo 'FAILED: alert HighErrorRate has no runbook' >&2; exit 3\" exited with 3, expected 0.", r.Message);
        Assert.Equal("FAILED: alert HighErrorRate has no runbook", r.Evidence["stderr"]);
    }

    [Fact]
    public async Task Expected_exit_codes_and_output_patterns_are_each_checked()
    {
        var p = Sh("echo 'vulnerabilities: 2'; echo warn >&2; exit 1");
        p["exitCode"] = new List<object?> { 0L, 1L };
        p["stdoutNotContains"] = "vulnerabilities: 2";
        p["stderrMatches"] = "^error";
        var r = await Run(p);
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.EndsWith("stdout contains 'vulnerabilities: 2'; stderr does not match /^error/.", r.Message);
        Assert.DoesNotContain("exited with", r.Message);
    }

    [Fact]
    public async Task The_working_directory_resolves_against_the_checklist_folder()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "repo"));
        var r = await Run(new() { ["program"] = "pwd", ["workingDir"] = "repo", ["stdoutContains"] = "/repo" });
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Equal(Path.Combine(_dir, "repo"), r.Evidence["stdout"]);
    }

    [Fact]
    public async Task Secret_environment_values_are_passed_but_never_shown()
    {
        var p = Sh("echo \"using $API_TOKEN and $PLAIN\"");
        p["env"] = new Dictionary<string, object?> { ["API_TOKEN"] = "tok-9f8e7d6c5b4a", ["PLAIN"] = "visible" };
        p["stdoutContains"] = "using";
        var r = await Run(p);
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Equal("using *** and visible", r.Evidence["stdout"]);
    }

    [Fact]
    public async Task Long_output_is_cut_to_its_last_lines_and_escape_codes_are_removed()
    {
        var r = await Run(new() { ["program"] = "sh", ["args"] = new List<object?> { "-c", "seq 1 100; printf '\\033[31mred\\033[0m\\n'" } });
        var excerpt = r.Evidence["stdout"];
        Assert.StartsWith("…\n", excerpt);
        Assert.EndsWith("100\nred", excerpt);
        Assert.Equal(21, excerpt.Split('\n').Length);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree_and_is_an_Error()
    {
        var pidFile = Path.Combine(_dir, "child.pid");
        var p = Sh($"sleep 300 & echo $! > {pidFile}; wait");
        p["timeout"] = "1s";
        var r = await Run(p);
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("did not finish within 1 s; it and its child processes were killed", r.Message);

        var childPid = int.Parse(File.ReadAllText(pidFile).Trim());
        for (var i = 0; i < 50 && IsAlive(childPid); i++) await Task.Delay(100);
        Assert.False(IsAlive(childPid), $"the background child {childPid} survived the timeout");
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_an_Error_saying_to_install_it()
    {
        var r = await Run(new() { ["program"] = "no-such-tool-readiness" });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.StartsWith("no-such-tool-readiness could not be started", r.Message);
        Assert.Contains("Install no-such-tool-readiness", r.Remediation);
    }

    [Fact]
    public async Task A_bad_regex_is_an_Error_naming_the_parameter()
    {
        var p = Sh("true");
        p["stdoutMatches"] = "([";
        var r = await Run(p);
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("parameter 'stdoutMatches' must be a valid regular expression", r.Message);
    }

    /// <summary>Alive unless gone or a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException) { return false; }
    }
}
