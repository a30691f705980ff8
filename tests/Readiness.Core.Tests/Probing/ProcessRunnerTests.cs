using System.ComponentModel;
using System.Diagnostics;
using Readiness.Core.Probing;

namespace Readiness.Core.Tests.Probing;

public sealed class ProcessRunnerTests
{
    private static ProcessRequest Sh(string script, TimeSpan? timeout = null) =>
        new() { Program = "sh", Arguments = new[] { "-c", script }, Timeout = timeout ?? TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task Output_error_exit_code_environment_and_folder_come_back()
    {
        var dir = Path.GetTempPath().TrimEnd('/');
        var outcome = await ProcessRunner.RunAsync(Sh("echo \"out $READINESS_X\"; pwd; echo err >&2; exit 3") with
        {
            Environment = new Dictionary<string, string?> { ["READINESS_X"] = "42" },
            WorkingDirectory = dir,
        }, CancellationToken.None);
        Assert.Equal(3, outcome.ExitCode);
        Assert.False(outcome.TimedOut);
        Assert.Equal($"out 42\n{Path.GetFullPath(dir)}\n", outcome.Output);
        Assert.Equal("err\n", outcome.Error);
    }

    [Fact]
    public async Task A_process_that_never_exits_is_killed_at_the_timeout()
    {
        var clock = Stopwatch.StartNew();
        var outcome = await ProcessRunner.RunAsync(Sh("echo begun; exec sleep 60", TimeSpan.FromMilliseconds(500)), CancellationToken.None);
        Assert.True(outcome.TimedOut);
        Assert.False(outcome.Succeeded);
        Assert.Equal("begun\n", outcome.Output);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.4, 8);
    }

    [Fact]
    public async Task A_child_that_keeps_the_pipe_open_after_the_parent_exits_does_not_hang_the_run()
    {
        var clock = Stopwatch.StartNew();
        var outcome = await ProcessRunner.RunAsync(Sh("sleep 30 & echo $!") with { OutputGrace = TimeSpan.FromMilliseconds(300) }, CancellationToken.None);
        try
        {
            Assert.Equal(0, outcome.ExitCode);
            Assert.False(outcome.TimedOut);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0, 8);
            Assert.Matches(@"^\d+\n$", outcome.Output);
        }
        finally
        {
            if (int.TryParse(outcome.Output.Trim(), out var orphan))
                try { Process.GetProcessById(orphan).Kill(); } catch (ArgumentException) { }
        }
    }

    [Fact]
    public async Task Cancelling_kills_the_process_and_throws()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProcessRunner.RunAsync(Sh("exec sleep 60", timeout: null) with { Timeout = null }, cts.Token));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 8);
    }

    [Fact]
    public async Task Output_beyond_the_cap_is_dropped_without_blocking_the_tool_and_a_missing_program_throws()
    {
        var outcome = await ProcessRunner.RunAsync(Sh("head -c 1000000 /dev/zero | tr '\\0' x; echo; echo done >&2") with { MaxOutputChars = 1000 }, CancellationToken.None);
        Assert.Equal(0, outcome.ExitCode);
        Assert.True(outcome.OutputTruncated);
        Assert.Equal(1000, outcome.Output.Length);
        Assert.Equal("done\n", outcome.Error);
        await Assert.ThrowsAsync<Win32Exception>(() => ProcessRunner.RunAsync(new ProcessRequest { Program = "readiness-no-such-tool" }, CancellationToken.None));
    }

    [Fact]
    public async Task Lines_can_be_streamed_instead_of_buffered()
    {
        var lines = new List<string>();
        var outcome = await ProcessRunner.RunAsync(Sh("printf 'a\\nb\\nc\\n'") with { OnOutputLine = lines.Add }, CancellationToken.None);
        Assert.Equal(new[] { "a", "b", "c" }, lines);
        Assert.Equal("", outcome.Output);
    }
}
