using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Command;

/// <summary>
/// Runs an external tool (promtool, cargo audit, a contract test) and judges its exit code and output. The program is
/// started directly with an argument list, never through a shell; on timeout the whole process tree is killed.
/// </summary>
public sealed class CommandCheck : ICheck
{
    public const int ExcerptLines = 20;
    public const int ExcerptChars = 1000;

    /// <summary>Environment entries whose names look like credentials are registered as secrets.</summary>
    private static readonly Regex SecretName = new("(TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public string Type => "command";

    public IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "program", "args", "workingDir", "timeout", "exitCode", "env", "stdoutContains", "stderrContains",
        "stdoutMatches", "stderrMatches", "stdoutNotContains", "secretEnv",
    };

    public async Task<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var program = p.RequireString("program");
        var args = p.GetStringList("args");
        var workingDir = context.ResolvePath(p.GetString("workingDir") ?? ".");
        if (!Directory.Exists(workingDir)) throw p.Invalid("workingDir", $"an existing folder ({workingDir} does not exist)");
        var expectedExit = p.GetStringList("exitCode").Select(s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n : throw p.Invalid("exitCode", "a whole number or a list of them")).ToList();
        if (expectedExit.Count == 0) expectedExit.Add(0);
        var timeout = p.GetDuration("timeout") ?? context.Timeout;
        if (timeout > context.Timeout) timeout = context.Timeout - TimeSpan.FromMilliseconds(Math.Min(500, context.Timeout.TotalMilliseconds / 10));
        var patterns = new List<(string Stream, string Kind, string Value)>();
        foreach (var v in p.GetStringList("stdoutContains")) patterns.Add(("stdout", "contains", v));
        foreach (var v in p.GetStringList("stderrContains")) patterns.Add(("stderr", "contains", v));
        foreach (var v in p.GetStringList("stdoutNotContains")) patterns.Add(("stdout", "notContains", v));
        foreach (var v in p.GetStringList("stdoutMatches")) patterns.Add(("stdout", "matches", Validate(p, "stdoutMatches", v)));
        foreach (var v in p.GetStringList("stderrMatches")) patterns.Add(("stderr", "matches", Validate(p, "stderrMatches", v)));

        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var secretEnv = new HashSet<string>(p.GetStringList("secretEnv"), StringComparer.Ordinal);
        foreach (var (name, raw) in p.GetMap("env"))
        {
            var value = Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "";
            if (secretEnv.Contains(name) || SecretName.IsMatch(name)) context.Secrets.Add(value);
            psi.Environment[name] = value;
        }
        var display = Display(program, args);

        using var process = new Process { StartInfo = psi };
        var stdout = new BoundedText();
        var stderr = new BoundedText();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.AppendLine(e.Data); };
        var clock = Stopwatch.StartNew();
        try { process.Start(); }
        catch (Win32Exception ex)
        {
            return context.Error($"{program} could not be started: {ex.Message}.", display)
                .WithRemediation($"Install {program} or put it on PATH where the checks run.");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (cancellationToken.IsCancellationRequested) throw;
            return context.Error($"{display} did not finish within {timeout.TotalSeconds:0.#} s; it and its child processes were killed.", display)
                .WithEvidence("timeoutSeconds", Math.Round(timeout.TotalSeconds, 1))
                .WithEvidence("stdout", Excerpt(context, stdout.Text))
                .WithEvidence("stderr", Excerpt(context, stderr.Text));
        }
        // The exit event can precede the last output lines; this drains them, bounded because a background child
        // that inherited the pipes could keep them open forever.
        process.WaitForExit(2000);
        var elapsed = clock.Elapsed;

        var problems = new List<string>();
        if (!expectedExit.Contains(process.ExitCode))
            problems.Add($"exited with {process.ExitCode}, expected {string.Join(" or ", expectedExit)}");
        foreach (var (stream, kind, value) in patterns)
        {
            var text = stream == "stdout" ? stdout.Text : stderr.Text;
            switch (kind)
            {
                case "contains" when !text.Contains(value, StringComparison.Ordinal):
                    problems.Add($"{stream} does not contain '{value}'");
                    break;
                case "notContains" when text.Contains(value, StringComparison.Ordinal):
                    problems.Add($"{stream} contains '{value}'");
                    break;
                case "matches" when !Regex.IsMatch(text, value, RegexOptions.Multiline, TimeSpan.FromSeconds(2)):
                    problems.Add($"{stream} does not match /{value}/");
                    break;
            }
        }

        var result = problems.Count == 0
            ? context.Pass($"{display} exited with {process.ExitCode} and its output is as expected.", display)
            : context.Fail($"{display} {string.Join("; ", problems)}.", display);
        result.WithEvidence("exitCode", process.ExitCode).WithEvidence("durationMs", (long)elapsed.TotalMilliseconds);
        if (stdout.Text.Length > 0) result.WithEvidence("stdout", Excerpt(context, stdout.Text));
        if (stderr.Text.Length > 0) result.WithEvidence("stderr", Excerpt(context, stderr.Text));
        return result;
    }

    private static string Validate(CheckParameters p, string name, string regex)
    {
        try { _ = new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1)); return regex; }
        catch (ArgumentException ex) { throw p.Invalid(name, $"a valid regular expression ({ex.Message})"); }
    }

    private static void Kill(Process process)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* exited meanwhile */ }
        catch (Win32Exception) { /* exited meanwhile */ }
        try { process.WaitForExit(5000); } catch (InvalidOperationException) { }
    }

    private static string Display(string program, IReadOnlyList<string> args) =>
        string.Join(' ', new[] { program }.Concat(args.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a)));

    /// <summary>The last lines of output, with escape sequences and control characters removed and secrets masked.</summary>
    public static string Excerpt(CheckContext context, string text)
    {
        var clean = Regex.Replace(text, @"\x1B\[[0-?]*[ -/]*[@-~]", "");
        clean = new string(clean.Select(c => c == '\n' || !char.IsControl(c) ? c : ' ').ToArray()).TrimEnd();
        var lines = clean.Split('\n');
        if (lines.Length > ExcerptLines) clean = "…\n" + string.Join('\n', lines[^ExcerptLines..]);
        if (clean.Length > ExcerptChars) clean = "…" + clean[^ExcerptChars..];
        return context.Secrets.Redact(clean);
    }

    /// <summary>Output kept in memory up to a limit, so a chatty tool cannot exhaust memory.</summary>
    private sealed class BoundedText
    {
        private const int Limit = 1 << 20;
        private readonly StringBuilder _sb = new();
        public void AppendLine(string line)
        {
            lock (_sb)
            {
                if (_sb.Length > Limit) _sb.Remove(0, _sb.Length - Limit / 2);
                _sb.Append(line).Append('\n');
            }
        }
        public string Text { get { lock (_sb) return _sb.ToString(); } }
    }
}
