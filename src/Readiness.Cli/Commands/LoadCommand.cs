using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Readiness.Core.Checks.Load;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

/// <summary>`readiness load URL ...`: one load test; the summary on standard output, a live progress line on standard error.</summary>
public sealed class LoadCommand : ICliCommand
{
    public string Name => "load";

    public Command Build()
    {
        var url = new Argument<string>("url") { Description = "Target URL (http or https)." };
        var method = new Option<string>("--method", "-X") { Description = "HTTP method.", DefaultValueFactory = _ => "GET" };
        var header = new Option<string[]>("--header", "-H") { Description = "Header as 'Name: value'; repeatable." };
        var body = new Option<string?>("--body", "-d") { Description = "Request body; {{n}} becomes the request's sequence number." };
        var rate = new Option<double?>("--rate") { Description = "Arrival rate in requests per second (open model). Without it: closed model." };
        var connections = new Option<int>("--connections", "-c") { Description = "Connections (closed) or most requests in flight (open).", DefaultValueFactory = _ => 16 };
        var duration = new Option<string?>("--duration") { Description = "Measured time, e.g. 30s (default 10s unless --requests is given)." };
        var requests = new Option<long?>("--requests", "-n") { Description = "Measured requests to send." };
        var warmup = new Option<string?>("--warmup") { Description = "Warm-up before measuring, e.g. 5s." };
        var timeout = new Option<string?>("--timeout") { Description = "Per-request timeout (default 10s)." };
        var threshold = new Option<string[]>("--threshold", "-t") { Description = "Threshold such as p95<50ms, rate>=10000, errors<1%, memory<200MB; repeatable." };
        var stress = new Option<bool>("--stress") { Description = "Step the rate up until a threshold breaks." };
        var stressStart = new Option<double?>("--stress-start") { Description = "First stress rate (req/s)." };
        var stressStep = new Option<double?>("--stress-step") { Description = "Rate added per stress step (default: the start rate)." };
        var stressMax = new Option<double?>("--stress-max") { Description = "Highest stress rate (default: 10 x start)." };
        var stressStepDuration = new Option<string?>("--stress-step-duration") { Description = "Length of each stress step (default 10s)." };
        var pid = new Option<int?>("--pid") { Description = "Target process id on this machine, for memory<...." };
        var metricsUrl = new Option<string?>("--metrics-url") { Description = "Prometheus metrics URL of the target, for memory<...." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Accept any TLS certificate (self-signed staging)." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table or json.", DefaultValueFactory = _ => "table" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the load that would be sent and send nothing." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before load against a target other than this machine (CI, TF_BUILD and GITHUB_ACTIONS imply it)." };

        var command = new Command(Name, "Run an HTTP load test (open or closed model, or stress steps) and judge its thresholds.")
        {
            url, method, header, body, rate, connections, duration, requests, warmup, timeout, threshold,
            stress, stressStart, stressStep, stressMax, stressStepDuration, pid, metricsUrl, insecure, format, dryRun, yes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var headers = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in parse.GetValue(header) ?? Array.Empty<string>())
            {
                var colon = h.IndexOf(':');
                if (colon <= 0) throw new ArgumentException($"--header '{h}' must look like 'Name: value'.");
                headers[h[..colon].Trim()] = h[(colon + 1)..].Trim();
            }
            var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["url"] = parse.GetValue(url), ["method"] = parse.GetValue(method), ["headers"] = headers, ["body"] = parse.GetValue(body),
                ["rate"] = parse.GetValue(rate), ["connections"] = (long)parse.GetValue(connections), ["duration"] = parse.GetValue(duration),
                ["requests"] = parse.GetValue(requests), ["warmup"] = parse.GetValue(warmup), ["timeout"] = parse.GetValue(timeout),
                ["thresholds"] = (parse.GetValue(threshold) ?? Array.Empty<string>()).Cast<object?>().ToList(),
                ["stress"] = parse.GetValue(stress), ["stressStart"] = parse.GetValue(stressStart), ["stressStep"] = parse.GetValue(stressStep),
                ["stressMax"] = parse.GetValue(stressMax), ["stressStepDuration"] = parse.GetValue(stressStepDuration),
                ["pid"] = (long?)parse.GetValue(pid), ["metricsUrl"] = parse.GetValue(metricsUrl), ["insecureTls"] = parse.GetValue(insecure),
            };
            LoadTestRequest request;
            try { request = LoadCheck.ReadRequest(new CheckParameters("load", parameters), LoadOptions.MaxDuration); }
            catch (ThresholdFormatException ex) { throw new ArgumentException(ex.Message, ex); }
            // The runner asks before the load, through the same console rule `run` uses for a load item.
            var host = new ProgressLineHost(new ConsoleHost { DryRun = parse.GetValue(dryRun), Yes = parse.GetValue(yes), Cancellation = ct });
            var (ran, result, confirmation) = await LoadSummaryHost.RunAsync(request, parameters, Directory.GetCurrentDirectory(), host, ct);
            host.Finish();
            if (confirmation is { Confirmed: false })
            {
                Console.Error.WriteLine($"readiness: not run: {confirmation.Reason}; nothing was sent to {request.Options.Url}.");
                return confirmation.Outcome == ConfirmationOutcome.WhatIf ? ExitCodes.Go : ExitCodes.Findings;
            }
            var summary = ran ?? LoadTest.Planned(request);
            if (parse.GetValue(format)!.Equals("json", StringComparison.OrdinalIgnoreCase))
                Console.WriteLine(JsonSerializer.Serialize(new LoadJson { Summary = summary, Result = result }, CliJsonContext.Default.LoadJson));
            else WriteTable(summary, result);
            return result.Status == CheckStatus.Passed ? ExitCodes.Go : ExitCodes.Findings;
        });
        return command;
    }

    private static void WriteTable(LoadTestResult s, CheckResult r)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{r.Status}: {r.Message}");
        if (r.Status == CheckStatus.Error && s.Requests == 0) return; // nothing was sent: no figures to show
        Console.WriteLine(string.Create(c, $"  {s.Model} model, {s.Connections} connections{(s.TargetRate is { } t ? $", target {t:0} req/s" : "")}, {s.Duration.TotalSeconds:0.##} s measured"));
        Console.WriteLine(string.Create(c, $"  requests {s.Requests}, errors {s.Errors} ({s.ErrorRate * 100:0.##}%), rate {s.RequestsPerSecond:0} req/s"));
        if (s.P95Ms is null) Console.WriteLine("  latency: no request completed");
        else Console.WriteLine(string.Create(c, $"  latency ms: p50 {s.P50Ms:0.###}  p90 {s.P90Ms:0.###}  p95 {s.P95Ms:0.###}  p99 {s.P99Ms:0.###}  p99.9 {s.P999Ms:0.###}  max {s.MaxMs:0.###}"));
        if (s.ErrorsByKind.Count > 0) Console.WriteLine("  errors by kind: " + string.Join(", ", s.ErrorsByKind.Select(e => $"{e.Key} {e.Value}")));
        if (s.PeakMemoryBytes is { } m) Console.WriteLine(string.Create(c, $"  peak memory {m / 1024 / 1024:0.0} MB ({s.MemorySource})"));
        foreach (var step in s.Steps)
            Console.WriteLine(string.Create(c, $"  step {step.TargetRate:0} req/s: {step.RequestsPerSecond:0} req/s, {(step.P95Ms is { } p95 ? string.Create(c, $"p95 {p95:0.##} ms") : "no request completed")}{(step.Passed ? "" : ", broke " + step.Broken)}"));
        foreach (var th in s.Thresholds) Console.WriteLine($"  {(th.Passed ? "ok    " : "BROKEN")} {th.Threshold} (measured {th.Measured})");
    }

    /// <summary>The live rate and p95 on one rewritten line of standard error (a line per second when redirected).</summary>
    private sealed class ProgressLineHost(ConsoleHost confirmation) : IReadinessHost
    {
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private readonly object _gate = new();
        private bool _dirty;

        public void Progress(RunProgress progress)
        {
            if (progress.CurrentItem is null) return;
            var line = $"{progress.Activity}: {progress.CurrentItem}, {progress.Detail}";
            lock (_gate)
            {
                if (_interactive) Console.Error.Write("\r" + (line.Length > 118 ? line[..118] : line.PadRight(118)));
                else Console.Error.WriteLine(line);
                _dirty = _interactive;
            }
        }

        public void Finish()
        {
            lock (_gate) if (_dirty) Console.Error.Write("\r" + new string(' ', 118) + "\r");
        }

        public void Log(LogLevel level, string message) { if (level != LogLevel.Verbose) lock (_gate) Console.Error.WriteLine($"readiness: {message}"); }
        public Confirmation ShouldProcess(ConfirmationRequest request) => confirmation.ShouldProcess(request);
    }
}
