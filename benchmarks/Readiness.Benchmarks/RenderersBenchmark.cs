using System.Diagnostics;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Benchmarks;

/// <summary>
/// Renders a large report (default 2000 results, every status, evidence on each) in every format and prints time per
/// render and output size. Target: well under a second per format for a checklist ten times the size of the seeds.
/// </summary>
public sealed class RenderersBenchmark : IBenchmark
{
    public string Name => "renderers";

    public Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 2000;
        var statuses = Enum.GetValues<CheckStatus>();
        var results = Enumerable.Range(0, count).Select(i => new CheckResult
        {
            Id = $"section{i % 14}.item-{i}",
            Section = $"Section {i % 14}",
            Title = $"Item {i} title with some words",
            Status = statuses[i % statuses.Length],
            Severity = (Severity)(i % 5),
            CheckType = "http",
            Target = $"http://127.0.0.1:8080/path/{i}",
            Message = $"GET http://127.0.0.1:8080/path/{i}: returned 503, expected 200; header X-Frame-Options is missing.",
            Evidence = new() { ["status"] = "503", ["latencyMs"] = (i % 900).ToString(), ["bodyExcerpt"] = new string('x', 200) },
            Remediation = "Fix the thing, then run the checklist again.",
            Duration = TimeSpan.FromMilliseconds(i % 300),
            Timestamp = DateTimeOffset.Now,
        }).ToList();
        var report = ReportBuilder.Build(new Checklist { Name = "bench", Title = "Benchmark" }, results, DateTimeOffset.Now, TimeSpan.FromSeconds(12));

        Console.WriteLine($"{count} results");
        Console.WriteLine($"{"format",-14} {"ms/render",10} {"KiB",10}");
        foreach (var format in ReportWriters.Formats)
        {
            var text = ReportWriters.Render(report, format); // warm-up
            const int rounds = 5;
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < rounds; r++) text = ReportWriters.Render(report, format);
            Console.WriteLine($"{format,-14} {clock.Elapsed.TotalMilliseconds / rounds,10:0.0} {text.Length / 1024.0,10:0}");
        }
        return Task.FromResult(0);
    }
}
