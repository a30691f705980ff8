using System.Diagnostics;
using Readiness.Core.Checklists;
using Readiness.Core.Running;
using Readiness.Core.Tests.Checklists;
using Readiness.Core.Tests.Fixtures;
using Xunit.Abstractions;

namespace Readiness.Core.Tests.Fuzz;

/// <summary>
/// Mutated copies of the shipped samples fed to every parser, through the check that reads them: whatever the input,
/// the item ends with a verdict about the input (never a .NET exception's text), within its deadline, and the run
/// goes on. CI runs a fixed set (FUZZ_INPUTS, 40 per parser by default); benchmarks/fuzz.sh runs 2,000 per parser.
/// Every failure names its seed and index: the same pair rebuilds the same input.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    // A lone surrogate is a valid mutation of text but not encodable: written as U+FFFD, as an editor would.
    private static readonly System.Text.Encoding Lenient = new System.Text.UTF8Encoding(false, false);
    private static readonly TimeSpan ItemTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    /// <summary>Texts of .NET exceptions that must never reach a user as the explanation of a result.</summary>
    private static readonly string[] RawExceptionTexts =
    {
        "The check could not run", "Object reference not set", "Index was out of range", "Operation is not valid",
        "Sequence contains", "Value cannot be null", "Input string was not in a correct format", "Unable to cast",
        "was not present in the dictionary", "Arithmetic operation resulted in an overflow", "Exception of type",
        "Specified argument was out of the range", "An item with the same key",
    };

    public static TheoryData<string> Parsers => new(FileParsers.Keys.Concat(new[] { "checklist", "markdown-checklist" }));

    /// <summary>Parser name -> (sample, check type, parameters for a file at the given path).</summary>
    private static readonly Dictionary<string, (string Sample, string Type, Func<string, Dictionary<string, object?>> Parameters)> FileParsers = new()
    {
        ["openapi"] = ("samples/auth-service/openapi.yaml", "openapi", f => new() { ["spec"] = f, ["aspect"] = "spec" }),
        ["metrics-text"] = ("samples/auth-service/metrics.prom", "metrics", f => new() { ["file"] = f }),
        ["openmetrics"] = ("samples/diffver/metrics.prom", "metrics", f => new() { ["file"] = f, ["format"] = "openmetrics" }),
        ["prometheus-rules"] = ("samples/auth-service/infra/prometheus-rules.yaml", "prometheus-rules", f => new() { ["files"] = f }),
        ["alertmanager"] = ("samples/auth-service/infra/alertmanager.yml", "alert-routing", f => new() { ["config"] = f }),
        ["kubernetes"] = ("samples/auth-service/deploy/auth.yaml", "kubernetes", f => new() { ["path"] = f }),
        ["junit"] = ("samples/auth-service/reports/unit.xml", "test-results", f => new() { ["path"] = f }),
        ["lcov"] = ("samples/auth-service/reports/coverage.lcov.info", "coverage", f => new() { ["path"] = f }),
        ["cargo-audit"] = ("samples/auth-service/reports/cargo-audit.json", "dependency-audit", f => new() { ["tool"] = "cargo", ["file"] = f }),
        ["dotenv"] = ("samples/auth-service/.env", "env", f => new() { ["file"] = f, ["pattern"] = "*" }),
        ["health-json"] = ("samples/auth-service/health.json", "health", f => new() { ["url"] = f }),
        ["audit-jsonl"] = ("samples/auth-service/audit/security.jsonl", "audit-events", f => new() { ["path"] = f, ["required"] = new List<object?> { "login.success" } }),
        ["logs"] = ("samples/auth-service/logs/app.log", "logs", f => new() { ["path"] = f }),
        ["markdown-doc"] = ("samples/auth-service/docs/runbooks/rollback.md", "docs", f => new() { ["path"] = f, ["headings"] = new List<object?> { "Rollback" } }),
    };

    private static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_INPUTS"), out var n) && n > 0 ? n : 40;
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : InputMutator.DefaultSeed;

    [Theory]
    [MemberData(nameof(Parsers))]
    public async Task Every_mutated_input_ends_in_a_verdict_about_the_input(string parser)
    {
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        var slowestIndex = 0;
        var statuses = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var folder = TempFolder.Create();
        try
        {
            for (var index = 0; index < Inputs; index++)
            {
                var (verdict, elapsed) = await RunOneAsync(parser, index, folder);
                if (elapsed > slowest) (slowest, slowestIndex) = (elapsed, index);
                statuses[verdict.Status] = statuses.GetValueOrDefault(verdict.Status) + 1;
                if (verdict.Problem is { } problem) failures.Add($"{parser} seed {Seed} index {index}: {problem}");
            }
        }
        finally { TempFolder.Delete(folder); }

        output.WriteLine($"fuzz {parser}: {Inputs} inputs (seed {Seed}) in {clock.Elapsed.TotalSeconds:0.0} s, slowest {slowest.TotalMilliseconds:0} ms (index {slowestIndex}), " +
                         $"verdicts {string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"))}, failures {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>
    /// Inputs the 2,000-per-parser run (benchmarks/fuzz.sh, seed 20261207) found, kept in every CI run: a CVSS vector
    /// that repeats a metric; Argo Rollout templates and quantities KubernetesClient cannot type; a checklist nested
    /// past the stack (index 1495 was the slowest of the same run).
    /// </summary>
    [Theory]
    [InlineData("cargo-audit", 130)]
    [InlineData("cargo-audit", 1328)]
    [InlineData("kubernetes", 55)]
    [InlineData("kubernetes", 643)]
    [InlineData("kubernetes", 935)]
    [InlineData("kubernetes", 952)]
    [InlineData("kubernetes", 982)]
    [InlineData("kubernetes", 1027)]
    public async Task Inputs_found_by_the_long_run_stay_verdicts_about_the_input(string parser, int index)
    {
        var folder = TempFolder.Create();
        try
        {
            var (verdict, _) = await RunOneAsync(parser, index, folder);
            Assert.True(verdict.Problem is null, $"{parser} seed {Seed} index {index}: {verdict.Problem}");
        }
        finally { TempFolder.Delete(folder); }
    }

    private sealed record Verdict(string Status, string? Problem);

    private async Task<(Verdict, TimeSpan)> RunOneAsync(string parser, int index, string folder)
    {
        var clock = Stopwatch.StartNew();
        var work = Task.Run(() => Judge(parser, index, folder));
        var finished = await Task.WhenAny(work, Task.Delay(Hang));
        if (finished != work) return (new Verdict("hang", $"no verdict within {Hang.TotalSeconds:0} s"), clock.Elapsed);
        try { return (await work, clock.Elapsed); }
        catch (Exception ex) { return (new Verdict("crash", $"{ex.GetType().Name} escaped: {ex.Message}"), clock.Elapsed); }
    }

    private static async Task<Verdict> Judge(string parser, int index, string folder)
    {
        switch (parser)
        {
            case "checklist":
                return LoadOrRefuse(() => new ChecklistLoader().LoadText(Mutated(RepoFiles.Checklist("auth-service.yaml"), index), "fuzz.yaml",
                    new VariableResolver(null, null, _ => null)));
            case "markdown-checklist":
                return LoadOrRefuse(() => MarkdownChecklistImporter.Import(Mutated(RepoFiles.Seed("001"), index), "fuzz.md"));
        }

        var (sample, type, parameters) = FileParsers[parser];
        var file = Path.Combine(folder, $"{index}{Path.GetExtension(sample)}");
        await File.WriteAllTextAsync(file, Mutated(Path.Combine(RepoFiles.Root, sample), index), Lenient);
        var results = await CheckHarness.RunCheckResultsAsync(type, parameters(file), new CheckRun
        {
            Id = "fuzz.item", Section = "Fuzz", Title = parser, Severity = Severity.High, BaseDirectory = folder, EnvironmentLookup = _ => null, Timeout = ItemTimeout,
        });
        foreach (var result in results)
        {
            var text = result.Message + " " + result.Remediation;
            if (RawExceptionTexts.FirstOrDefault(raw => text.Contains(raw, StringComparison.Ordinal)) is { } raw)
                return new Verdict(result.Status.ToString(), $"{result.Status} with .NET text '{raw}': {Cut(result.Message)}");
            if (string.IsNullOrWhiteSpace(result.Message))
                return new Verdict(result.Status.ToString(), $"{result.Status} without a message");
        }
        return new Verdict(results.Worst().Status.ToString(), null);
    }

    private static Verdict LoadOrRefuse(Func<Checklist> load)
    {
        try
        {
            load();
            return new Verdict("loaded", null);
        }
        catch (ChecklistException ex)
        {
            var raw = RawExceptionTexts.FirstOrDefault(r => ex.Message.Contains(r, StringComparison.Ordinal));
            return new Verdict("refused", raw is null ? null : $"refused with .NET text '{raw}': {Cut(ex.Message)}");
        }
    }

    private static string Mutated(string path, int index) => InputMutator.Mutate(File.ReadAllText(path), Seed, index);

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
