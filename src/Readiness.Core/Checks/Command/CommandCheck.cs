using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Readiness.Core.Probing;
using System.Text;
using System.Text.RegularExpressions;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Command;

/// <summary>
/// Runs an external tool (promtool, cargo audit, a contract test) and judges its exit code and output. The program is
/// started directly with an argument list, never through a shell; on timeout the whole process tree is killed.
/// </summary>
public sealed class CommandCheck : SingleResultCheck
{
    public const int ExcerptLines = 20;
    public const int ExcerptChars = 1000;

    /// <summary>Environment entries whose names look like credentials are registered as secrets.</summary>
    private static readonly Regex SecretName = new("(TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override string Type => "command";

    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "program", "args", "workingDir", "timeout", "exitCode", "env", "stdoutContains", "stderrContains",
        "stdoutMatches", "stderrMatches", "stdoutNotContains", "secretEnv",
    };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
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

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        var secretEnv = new HashSet<string>(p.GetStringList("secretEnv"), StringComparer.Ordinal);
        foreach (var (name, raw) in p.GetMap("env"))
        {
            var value = Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "";
            if (secretEnv.Contains(name) || SecretName.IsMatch(name)) context.Secrets.Add(value);
            environment[name] = value;
        }
        var display = Display(program, args);

        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(new ProcessRequest
            {
                Program = program, Arguments = args, WorkingDirectory = workingDir, Environment = environment,
                Timeout = timeout, MaxOutputChars = 1 << 20, KeepTail = true,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            return context.Error($"{program} could not be started: {ex.Message}.", display)
                .WithRemediation($"Install {program} or put it on PATH where the checks run.");
        }
        var stdout = outcome.Output;
        var stderr = outcome.Error;
        if (outcome.TimedOut)
            return context.Error($"{display} did not finish within {timeout.TotalSeconds:0.#} s; it and its child processes were killed.", display)
                .WithEvidence("timeoutSeconds", Math.Round(timeout.TotalSeconds, 1))
                .WithEvidence("stdout", Excerpt(context, stdout))
                .WithEvidence("stderr", Excerpt(context, stderr));
        var elapsed = outcome.Duration;

        var problems = new List<string>();
        if (!expectedExit.Contains(outcome.ExitCode))
            problems.Add($"exited with {outcome.ExitCode}, expected {string.Join(" or ", expectedExit)}");
        foreach (var (stream, kind, value) in patterns)
        {
            var text = stream == "stdout" ? stdout : stderr;
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
            ? context.Pass($"{display} exited with {outcome.ExitCode} and its output is as expected.", display)
            : context.Fail($"{display} {string.Join("; ", problems)}.", display);
        result.WithEvidence("exitCode", outcome.ExitCode).WithEvidence("durationMs", (long)elapsed.TotalMilliseconds);
        if (stdout.Length > 0) result.WithEvidence("stdout", Excerpt(context, stdout));
        if (stderr.Length > 0) result.WithEvidence("stderr", Excerpt(context, stderr));
        return result;
    }

    private static string Validate(CheckParameters p, string name, string regex)
    {
        try { _ = new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1)); return regex; }
        catch (ArgumentException ex) { throw p.Invalid(name, $"a valid regular expression ({ex.Message})"); }
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
}
