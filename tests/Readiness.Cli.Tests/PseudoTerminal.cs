using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Readiness.Cli.Tests;

/// <summary>
/// Runs `readiness` on a pseudo-terminal through util-linux `script`, so the command sees a real terminal (prompts,
/// width, key input) while the test reads the screen and types answers once the question is on it.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Task _reader;

    public static bool Available => File.Exists("/usr/bin/script");

    public PseudoTerminal(string workingDirectory, int columns, params string[] args)
    {
        var command = string.Join(" ", CliRunner.Command.Concat(args).Select(Quote));
        var psi = new ProcessStartInfo("script") { WorkingDirectory = workingDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-qfec");
        psi.ArgumentList.Add($"stty cols {columns} rows 50; exec {command}");
        psi.ArgumentList.Add("/dev/null");
        psi.Environment["TERM"] = "xterm";
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        foreach (var ci in new[] { "GITHUB_ACTIONS", "TF_BUILD", "CI" }) psi.Environment.Remove(ci);
        _process = Process.Start(psi)!;
        _reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await _process.StandardOutput.ReadAsync(buffer)) > 0)
                lock (_screen) _screen.Append(buffer, 0, n);
        });
    }

    /// <summary>What was written so far, without terminal control sequences.</summary>
    public string Screen { get { lock (_screen) return Ansi().Replace(_screen.ToString(), ""); } }

    public void WaitFor(string text, int afterOccurrences = 0, int timeoutMs = 60_000)
    {
        var deadline = Stopwatch.StartNew();
        while (Count(Screen, text) <= afterOccurrences)
        {
            if (_process.HasExited && _reader.IsCompleted && Count(Screen, text) <= afterOccurrences)
                throw new Xunit.Sdk.XunitException($"readiness exited ({_process.ExitCode}) before showing '{text}'. Screen:\n{Screen}");
            if (deadline.ElapsedMilliseconds > timeoutMs) throw new TimeoutException($"'{text}' never appeared. Screen:\n{Screen}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Types a line as a person does: the text, then Enter.</summary>
    public void Type(string line)
    {
        _process.StandardInput.Write(line + "\r");
        _process.StandardInput.Flush();
    }

    public int WaitForExit(int timeoutMs = 60_000)
    {
        if (!_process.WaitForExit(timeoutMs)) throw new TimeoutException($"readiness did not exit. Screen:\n{Screen}");
        _reader.Wait(5000);
        return _process.ExitCode;
    }

    /// <summary>The lost SSH session: the whole process tree is killed without a chance to clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private static int Count(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-B])")]
    private static partial Regex Ansi();
}
