using System.Diagnostics;
using System.Text;
using Readiness.Core.Checks.Metrics;
using Readiness.Core.Checks.PrometheusRules.PromQl;

namespace Readiness.Benchmarks;

/// <summary>
/// Throughput of the metrics parser (a synthetic scrape of N series with histograms) and of the PromQL parser
/// (a set of typical alert expressions). Usage: observability-parsers [series=100000]
/// </summary>
public sealed class ObservabilityParsersBenchmark : IBenchmark
{
    public string Name => "observability-parsers";

    public Task<int> RunAsync(string[] args)
    {
        var series = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 100_000;
        var text = Scrape(series);
        var bytes = Encoding.UTF8.GetByteCount(text);
        for (var i = 0; i < 3; i++) MetricsParser.ParseAll(text); // warm-up past tier-0 code
        var clock = Stopwatch.StartNew();
        var samples = 0;
        const int rounds = 5;
        for (var i = 0; i < rounds; i++) samples = MetricsParser.ParseAll(text).Values.Sum(f => f.Samples.Count);
        var seconds = clock.Elapsed.TotalSeconds / rounds;
        Console.WriteLine($"metrics parser: {samples:N0} samples, {bytes / 1e6:0.0} MB in {seconds * 1000:0} ms = {samples / seconds / 1e6:0.00} M samples/s, {bytes / seconds / 1e6:0} MB/s");

        var streamed = 0;
        var before = GC.GetTotalAllocatedBytes(true);
        foreach (var family in MetricsParser.Parse(new StringReader(text))) streamed += family.Samples.Count;
        Console.WriteLine($"metrics parser (streaming): {(GC.GetTotalAllocatedBytes(true) - before) / (double)streamed:0} bytes allocated per sample");

        var expressions = new[]
        {
            "sum(rate(http_requests_total{service=\"diffver\",code=~\"5..\"}[5m])) / sum(rate(http_requests_total{service=\"diffver\"}[5m])) > 0.01",
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"diffver\"}[5m]))) > 0.1",
            "(node_filesystem_avail_bytes{mountpoint=\"/\"} / node_filesystem_size_bytes{mountpoint=\"/\"}) * 100 < 20",
            "max_over_time(rate(foo[1m])[10m:30s] offset 1h) > bool on(job) group_left(version) build_info",
            "count by (instance) (up == 0) unless on(instance) maintenance_window",
        };
        foreach (var e in expressions) PromQlParser.Parse(e);
        const int parses = 200_000;
        clock.Restart();
        for (var i = 0; i < parses; i++) PromQlParser.Parse(expressions[i % expressions.Length]);
        var perParse = clock.Elapsed.TotalMilliseconds * 1000 / parses;
        Console.WriteLine($"PromQL parser: {parses:N0} expressions, {perParse:0.0} µs each ({1e6 / perParse:N0} per second)");

        // A rule file of 1,000 alerts: our reader (YAML + PromQL + hygiene) next to `promtool check rules`.
        var rules = new StringBuilder("groups:\n  - name: g\n    rules:\n");
        for (var i = 0; i < 1000; i++)
            rules.Append($"      - alert: A{i}\n        expr: {System.Text.Json.JsonSerializer.Serialize(expressions[i % expressions.Length])}\n        for: 5m\n        labels: {{ severity: critical }}\n        annotations: {{ summary: s, description: d, runbook_url: r }}\n");
        var file = Path.Combine(Path.GetTempPath(), $"readiness-bench-rules-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, rules.ToString());
        try
        {
            Readiness.Core.Checks.PrometheusRules.RuleFileReader.Read(file);
            clock.Restart();
            var report = Readiness.Core.Checks.PrometheusRules.RuleFileReader.Read(file);
            Console.WriteLine($"rule file, 1,000 alerts: ours {clock.Elapsed.TotalMilliseconds:0} ms ({report.Findings.Count} findings)");
            var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
            if (promtool is not null)
            {
                clock.Restart();
                using var process = Process.Start(new ProcessStartInfo(promtool, $"check rules {file}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
                process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                Console.WriteLine($"rule file, 1,000 alerts: promtool check rules {clock.Elapsed.TotalMilliseconds:0} ms (exit {process.ExitCode}, including process start)");
            }
        }
        finally { File.Delete(file); }
        return Task.FromResult(0);
    }

    private static string Scrape(int series)
    {
        var sb = new StringBuilder();
        sb.Append("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
        var buckets = new[] { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "+Inf" };
        var histograms = series / (buckets.Length + 2);
        for (var i = 0; i < histograms; i++)
        {
            var labels = $"handler=\"/api/v1/items/{i % 50}\",method=\"GET\",code=\"{200 + i % 5}\",instance=\"10.0.{i % 256}.{i / 256 % 256}:8080\"";
            for (var b = 0; b < buckets.Length; b++) sb.Append("http_request_duration_seconds_bucket{").Append(labels).Append(",le=\"").Append(buckets[b]).Append("\"} ").Append(i + b).Append('\n');
            sb.Append("http_request_duration_seconds_sum{").Append(labels).Append("} 12.5\n");
            sb.Append("http_request_duration_seconds_count{").Append(labels).Append("} ").Append(i + 9).Append('\n');
        }
        return sb.ToString();
    }
}
