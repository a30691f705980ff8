using System.Reflection;
using Readiness.Core.Checks.Metrics;
using Readiness.Core.Checks.PrometheusRules.PromQl;
using Readiness.Core.Checks.Secrets;
using Readiness.Core.Tests.Checks.Secrets;

namespace Readiness.Benchmarks;

/// <summary>Finds the repository's suites (the ones the tests use) from the current directory upwards.</summary>
internal static class Suites
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReadinessModule.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run from inside the repository (ReadinessModule.sln not found)");
    }

    public static string Tests(params string[] parts) => Path.Combine(new[] { Root(), "tests", "Readiness.Core.Tests", "Checks" }.Concat(parts).ToArray());

    public static void Row(string suite, int agree, int total, string detail = "") =>
        Console.WriteLine($"{suite,-46} {agree,6} / {total,-6} {(total == 0 ? 0 : 100.0 * agree / total),6:0.0}%  {detail}");
}

/// <summary>
/// Exposition verdicts on the conformance cases (Checks/Metrics/Conformance): each case in its own format and, where
/// the input is unambiguous, in auto mode; also how many rejections name the rule the case is filed under.
/// </summary>
public sealed class MetricsAccuracyBenchmark : IBenchmark
{
    public string Name => "accuracy-metrics";

    public Task<int> RunAsync(string[] args)
    {
        var root = Suites.Tests("Metrics", "Conformance");
        Console.WriteLine($"conformance cases: {root}");
        foreach (var folder in new[] { "openmetrics", "text" })
        {
            var format = folder == "openmetrics" ? MetricsFormat.OpenMetrics : MetricsFormat.PrometheusText;
            int total = 0, agree = 0, invalid = 0, byRule = 0, autoTotal = 0, autoAgree = 0;
            var wrong = new List<string>();
            foreach (var file in Directory.GetFiles(Path.Combine(root, folder), "*.txt").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var parts = name.Split('.');
                var valid = parts[^2] == "valid";
                var rule = string.Join('.', parts[..^2].Where(p => !p.All(char.IsAsciiDigit)));
                var bytes = File.ReadAllBytes(file);
                var error = Verdict(bytes, format);
                total++;
                if ((error is null) == valid) agree++;
                else wrong.Add($"{folder}/{name}: {(error is null ? "accepted" : error.Message)}");
                if (!valid)
                {
                    invalid++;
                    if (error?.Message.Contains($"[{rule}]", StringComparison.Ordinal) == true) byRule++;
                }
                var text = System.Text.Encoding.UTF8.GetString(bytes);
                if (folder == "text" || text.EndsWith("# EOF\n", StringComparison.Ordinal) || text.EndsWith("\n# EOF", StringComparison.Ordinal))
                {
                    autoTotal++;
                    if ((Verdict(bytes, MetricsFormat.Auto) is null) == valid) autoAgree++;
                }
            }
            Suites.Row($"{folder} ({format}): verdict as filed", agree, total);
            Suites.Row($"{folder}: invalid cases rejected by their rule", byRule, invalid);
            Suites.Row($"{folder} in auto mode: verdict as filed", autoAgree, autoTotal);
            foreach (var w in wrong.Take(args.Contains("--all") ? int.MaxValue : 20)) Console.WriteLine("  " + w);
        }
        return Task.FromResult(0);
    }

    private static readonly MethodInfo? StreamOverload = typeof(MetricsParser).GetMethod("ParseAll", new[] { typeof(Stream), typeof(MetricsFormat) });

    /// <summary>Bytes as a scrape delivers them; a parser without the stream overload gets them through a StreamReader.</summary>
    private static Exception? Verdict(byte[] bytes, MetricsFormat format)
    {
        try
        {
            if (StreamOverload is not null) StreamOverload.Invoke(null, new object[] { new MemoryStream(bytes), format });
            else MetricsParser.ParseAll(new StreamReader(new MemoryStream(bytes)), format);
            return null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is MetricsParseException inner) { return inner; }
        catch (MetricsParseException ex) { return ex; }
    }
}

/// <summary>PromQL verdicts against the promtool 2.42 verdicts recorded in Checks/PrometheusRules/promql-corpus.tsv.</summary>
public sealed class PromQlAccuracyBenchmark : IBenchmark
{
    public string Name => "accuracy-promql";

    public Task<int> RunAsync(string[] args)
    {
        var corpus = File.ReadAllLines(Suites.Tests("PrometheusRules", "promql-corpus.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t', 2)).ToList();
        int agree = 0, validTotal = 0, validAgree = 0;
        var wrong = new List<string>();
        foreach (var row in corpus)
        {
            var valid = row[0] == "valid";
            var ok = PromQlParser.TryParse(row[1], out _, out var error);
            if (valid) validTotal++;
            if (ok == valid) { agree++; if (valid) validAgree++; }
            else wrong.Add($"promtool {(valid ? "valid" : "invalid")}, ours {(ok ? "valid" : "invalid: " + error?.Message)}: {(row[1].Length > 80 ? row[1][..80] + "..." : row[1])}");
        }
        Suites.Row("promql corpus: verdict equals promtool 2.42", agree, corpus.Count);
        Suites.Row("  of which valid expressions", validAgree, validTotal);
        Suites.Row("  of which invalid expressions", agree - validAgree, corpus.Count - validTotal);
        foreach (var w in wrong) Console.WriteLine("  " + w);
        return Task.FromResult(0);
    }
}

/// <summary>
/// Secret detector recall and false positives on SecretSamples (linked from the tests): every true example found by
/// its rule, every near miss reported by no rule (per-rule near misses by their own rule).
/// </summary>
public sealed class SecretsAccuracyBenchmark : IBenchmark
{
    public string Name => "accuracy-secrets";

    public Task<int> RunAsync(string[] args)
    {
        var scanner = new SecretScanner(allowlist: new SecretAllowlist(defaults: false));
        List<string> Rules(string line) => scanner.ScanLine(line, "sample.txt", 1)?.Select(f => f.RuleId).ToList() ?? new();
        var found = SecretSamples.Examples().Select(e => (e.Rule, Line: e.Found)).Concat(SecretSamples.MoreFound()).ToList();
        var missed = found.Where(f => !Rules(f.Line).Contains(f.Rule)).ToList();
        var ruleNearMisses = SecretSamples.Examples().Where(e => Rules(e.NearMiss).Contains(e.Rule)).Select(e => e.Rule).ToList();
        var nearMisses = SecretSamples.NearMisses().Where(n => Rules(n).Count > 0).ToList();
        var totalNear = SecretSamples.Examples().Count + SecretSamples.NearMisses().Count;
        Suites.Row("true examples found by their rule (recall)", found.Count - missed.Count, found.Count);
        Suites.Row("near misses not reported", totalNear - ruleNearMisses.Count - nearMisses.Count, totalNear,
            $"false positives: {ruleNearMisses.Count + nearMisses.Count}");
        foreach (var m in missed) Console.WriteLine($"  missed: {m.Rule}");
        foreach (var r in ruleNearMisses) Console.WriteLine($"  near miss reported by its rule: {r}");
        foreach (var n in nearMisses) Console.WriteLine($"  near miss reported: {string.Join(",", Rules(n))}: {SecretFingerprint.Redact(n)}");
        return Task.FromResult(0);
    }
}
