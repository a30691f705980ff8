using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.PrometheusRules.PromQl;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.PrometheusRules;

/// <summary>
/// promql-corpus.tsv holds expressions with the verdict promtool 2.42 gives them ("valid"/"invalid", tab, expression).
/// Our parser must agree on every line; when promtool is installed the recorded verdicts are re-checked against it.
/// </summary>
public sealed class PromQlCorpusTests
{
    private static string CorpusPath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "promql-corpus.tsv");

    public static List<(bool Valid, string Expr)> Corpus() =>
        File.ReadAllLines(CorpusPath()).Where(l => l.Length > 0)
            .Select(l => l.Split('\t', 2)).Select(p => (p[0] == "valid", p[1])).ToList();

    [Fact]
    public void The_corpus_has_at_least_200_expressions_both_valid_and_invalid()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count >= 200, $"{corpus.Count} expressions");
        Assert.True(corpus.Count(c => c.Valid) >= 80 && corpus.Count(c => !c.Valid) >= 80);
    }

    [Fact]
    public void Our_verdict_equals_the_recorded_promtool_verdict_on_every_expression()
    {
        var mismatches = new List<string>();
        foreach (var (valid, expr) in Corpus())
        {
            var ok = PromQlParser.TryParse(expr, out _, out var error);
            if (ok != valid) mismatches.Add($"{(valid ? "valid" : "invalid")} by promtool, {(ok ? "valid" : "invalid: " + error!.Message)} by us: {expr}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void The_recorded_verdicts_are_what_promtool_check_rules_says_now()
    {
        if (Tools.Find("promtool") is not { } promtool) return; // nothing to compare with; the recorded verdicts still bind us above
        var corpus = Corpus();
        var dir = TempFolder.Create("readiness-promql-");
        try
        {
            // promtool stops at the first error in a file, so one file per expression, all in one promtool run.
            var files = corpus.Select((c, i) =>
            {
                var path = Path.Combine(dir, $"r{i}.yml");
                File.WriteAllText(path, $"groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |-\n      {c.Expr}\n");
                return path;
            }).ToArray();
            var (_, output) = Tools.Run(promtool, new[] { "check", "rules" }.Concat(files).ToArray());
            var verdicts = Regex.Split(output, "^Checking ", RegexOptions.Multiline).Skip(1)
                .ToDictionary(s => s.Split('\n')[0].Trim(), s => s.Contains("SUCCESS"));
            var differ = corpus.Select((c, i) => (c, promtoolValid: verdicts[files[i]]))
                .Where(x => x.c.Valid != x.promtoolValid).Select(x => $"recorded {x.c.Valid}, promtool {x.promtoolValid}: {x.c.Expr}").ToList();
            Assert.True(differ.Count == 0, string.Join("\n", differ));
        }
        finally { TempFolder.Delete(dir); }
    }

    [Fact]
    public void Arbitrary_input_never_throws_anything_but_a_PromQL_parse_error()
    {
        var fragments = Gen.Elements("foo", "sum", "by", "(", ")", "[", "]", "{", "}", "5m", "1", "\"x\"", "=", "=~", ",", ":", "@", "offset",
            "rate", "histogram_quantile", "0.95", " ", "+", "-", "^", "bool", "on", "group_left", "and", "job", "'", "`", "\\", "#", "1e", "0x",
            "start()", "!", "inf");
        var tokens = fragments.ArrayOf().Select(string.Concat);
        var corpusMutations = Gen.Elements(Corpus().Select(c => c.Expr).ToArray())
            .SelectMany(e => Gen.Choose(0, e.Length).SelectMany(cut => Gen.Choose(0, e.Length).Select(ins => e[..cut] + e[ins..])));
        foreach (var gen in new[] { tokens, corpusMutations, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), text =>
            {
                try { PromQlParser.Parse(text ?? ""); }
                catch (PromQlParseException) { }
            }).Check(PropertyRuns.Fixed());
    }

    [Fact]
    public void Deep_nesting_is_a_parse_error_not_a_crash()
    {
        var deep = new string('(', 100_000) + "foo" + new string(')', 100_000);
        Assert.Throws<PromQlParseException>(() => PromQlParser.Parse(deep));
    }
}
