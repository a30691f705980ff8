using System.Diagnostics;
using Readiness.Core.Checklists;

namespace Readiness.Benchmarks;

/// <summary>
/// How long loading the shipped YAML checklists, importing the seed Markdown and exporting it back take, and how
/// the importer scales with a generated 10,000-item checklist. Usage: checklist-parsing [repository root].
/// </summary>
public sealed class ChecklistParsingBenchmark : IBenchmark
{
    public string Name => "checklist-parsing";

    public Task<int> RunAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : FindRoot();
        var seeds = Path.Combine(root, "tests", "Readiness.Core.Tests", "Checklists", "Seeds");
        var resolver = new VariableResolver(null, null, _ => null);

        foreach (var name in new[] { "diffver.yaml", "auth-service.yaml" })
        {
            var text = File.ReadAllText(Path.Combine(root, "checklists", name));
            Measure($"load {name}", 200, () => new ChecklistLoader().LoadText(text, name, resolver).Items.Count);
        }
        foreach (var seed in Directory.GetFiles(seeds, "*.txt").OrderBy(f => f))
        {
            var text = File.ReadAllText(seed);
            var checklist = MarkdownChecklistImporter.Import(text, seed);
            Measure($"import {Path.GetFileName(seed)}", 500, () => MarkdownChecklistImporter.Import(text, seed).Items.Count);
            Measure($"export {Path.GetFileName(seed)}", 500, () => MarkdownChecklistExporter.Export(checklist).Length);
            Measure($"yaml-write {Path.GetFileName(seed)}", 200, () => ChecklistYamlWriter.Write(checklist).Length);
        }

        var big = string.Join("\n", Enumerable.Range(0, 1000).Select(s =>
            $"## {s}. Section {s}\n" + string.Join("\n", Enumerable.Range(0, 10).Select(i => $"- [{(i % 3 == 0 ? 'x' : ' ')}] Item {i} of section {s}"))));
        Measure("import generated 10,000 items", 5, () => MarkdownChecklistImporter.Import(big, "big.md").Items.Count);
        return Task.FromResult(0);
    }

    private static void Measure(string what, int iterations, Func<int> action)
    {
        var size = action(); // warm-up, and the size to print
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) action();
        clock.Stop();
        Console.WriteLine($"{what,-40} {clock.Elapsed.TotalMilliseconds / iterations,10:0.000} ms/op  (size {size}, {iterations} runs)");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReadinessModule.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
