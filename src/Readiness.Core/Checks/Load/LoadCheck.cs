using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// The <c>load</c> check: drives an HTTP endpoint at a constant arrival rate (open model) or with N busy
/// connections (closed model) and decides by k6-style thresholds (<c>p95&lt;50ms</c>, <c>rate&gt;=10000</c>,
/// <c>errors&lt;1%</c>, <c>memory&lt;200MB</c>). With <c>stress: true</c> it steps the rate up to the breaking point.
/// Load can take a service down, so its impact is High: the runner asks before it even at PowerShell's default
/// $ConfirmPreference, and -WhatIf or --dry-run list it instead.
/// </summary>
public sealed class LoadCheck : SingleResultCheck, ITargetChangingCheck
{
    public override string Type => "load";

    public ChangeImpact Impact => ChangeImpact.High;

    public PlannedChange Plan(CheckContext context)
    {
        var request = ReadRequest(context.Parameters, context.Timeout - TimeSpan.FromSeconds(3));
        return new PlannedChange(request.Options.Url.ToString(), Describe(request), request.Options.Url);
    }

    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "url", "method", "headers", "body", "model", "rate", "connections", "duration", "requests", "warmup", "timeout",
        "thresholds", "stress", "stressStart", "stressStep", "stressMax", "stressStepDuration", "pid", "metricsUrl", "memoryGauge", "insecureTls",
    };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        // A run given only a request count stops at the check timeout at the latest.
        var request = ReadRequest(context.Parameters, context.Timeout - TimeSpan.FromSeconds(3));
        Readiness.Core.Checks.RateLimit.HttpRequestSpec.RegisterSecrets(request.Options.Headers, context.Secrets);
        var planned = request.PlannedLength;
        if (planned + TimeSpan.FromSeconds(2) > context.Timeout)
            return context.Error(string.Create(CultureInfo.InvariantCulture,
                $"The load test needs about {planned.TotalSeconds:0} s but the check timeout is {context.Timeout.TotalSeconds:0} s; raise settings.timeoutSeconds (or --timeout) or shorten the test."),
                request.Options.Url.ToString());
        // A target that cannot be reached is an Error at once, not a full-length run of connection errors.
        if (await LoadTest.ProbeAsync(request, cancellationToken).ConfigureAwait(false) is { } unreachable)
            return context.Error(unreachable, request.Options.Url.ToString());
        var started = false;
        var shared = request.Stress is null
            ? SharedRuns.GetValue(context.Environment, _ => new()).GetOrAdd(SharingKey(context.Parameters),
                _ => new Lazy<Task<LoadTest.Measured>>(() =>
                {
                    started = true;
                    return LoadTest.MeasureAsync(request, context.Environment.Host, cancellationToken);
                })).Value
            : null;
        var result = await LoadTest.RunAsync(request, context.Environment.Host, cancellationToken, shared).ConfigureAwait(false);
        var checkResult = ToCheckResult(context, result);
        if (shared is not null && !started) checkResult.WithEvidence("sharedRun", "measured once for several items");
        return checkResult;
    }

    /// <summary>
    /// Items of one run whose load parameters are identical apart from their thresholds (throughput, p95 and memory
    /// items of the same test) share one measurement, so the target is loaded once rather than once per item.
    /// Lazy makes sure a race between two items still starts a single run.
    /// </summary>
    private static readonly ConditionalWeakTable<RunEnvironment, ConcurrentDictionary<string, Lazy<Task<LoadTest.Measured>>>> SharedRuns = new();

    private static string SharingKey(CheckParameters p) =>
        JsonSerializer.Serialize(new SortedDictionary<string, object?>(
            p.Names.Where(n => n != "thresholds").ToDictionary(n => n, n => p.Raw(n)), StringComparer.Ordinal));

    /// <summary>For Invoke-ReadinessLoadTest and `readiness load`: one ad hoc test, its summary and its verdict.</summary>
    public static async Task<(LoadTestResult Summary, CheckResult Result)> RunAdHocAsync(LoadTestRequest request, IReadinessHost host, CancellationToken cancellationToken)
    {
        var unreachable = await LoadTest.ProbeAsync(request, cancellationToken).ConfigureAwait(false);
        var summary = unreachable is null ? await LoadTest.RunAsync(request, host, cancellationToken).ConfigureAwait(false) : LoadTest.Planned(request);
        var item = new ChecklistItem
        {
            Id = "load", Section = "Load", Title = $"Load test of {request.Options.Url}", Severity = Severity.High,
            Check = new CheckSpec { Type = "load" },
        };
        var context = new CheckContext(item, new CheckParameters(item.Id, new Dictionary<string, object?>()), new RunEnvironment(Directory.GetCurrentDirectory()) { Host = host });
        var result = unreachable is null ? ToCheckResult(context, summary) : context.Error(unreachable, request.Options.Url.ToString());
        result.Timestamp = DateTimeOffset.Now - summary.Warmup - summary.Duration;
        result.Duration = summary.Warmup + summary.Duration;
        return (summary, result);
    }

    /// <summary>What ShouldProcess is asked, e.g. "Send load: open model, 10000 req/s for 30 s after a 5 s warm-up".</summary>
    public static string Describe(LoadTestRequest request)
    {
        var o = request.Options;
        // The warm-up is load too; a person confirming should see all of it.
        var warmup = o.Warmup > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $" after a {o.Warmup.TotalSeconds:0.#} s warm-up") : "";
        if (request.Stress is { } s)
            return string.Create(CultureInfo.InvariantCulture, $"Send stress load: {s.StartRate:0} to {s.MaxRate:0} req/s in steps of {s.Step:0}, {s.StepDuration.TotalSeconds:0} s each{warmup}");
        var amount = o.Requests is { } n ? $"{n} requests"
            : o.Duration is { } d ? string.Create(CultureInfo.InvariantCulture, $"for {d.TotalSeconds:0.#} s") : "";
        return o.Model == LoadModel.Open
            ? string.Create(CultureInfo.InvariantCulture, $"Send load: open model, {o.Rate:0} req/s {amount}{warmup}")
            : $"Send load: closed model, {o.Connections} connections {amount}{warmup}";
    }

    public static LoadTestRequest ReadRequest(CheckParameters p, TimeSpan requestsOnlyCap)
    {
        var url = p.RequireString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw p.Invalid("url", "an absolute http or https URL");
        var rate = p.GetDouble("rate");
        var model = p.GetString("model", rate is null ? "closed" : "open")!.ToLowerInvariant() switch
        {
            "open" => LoadModel.Open,
            "closed" => LoadModel.Closed,
            _ => throw p.Invalid("model", "open or closed"),
        };
        var headers = p.GetMap("headers").ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
        var stress = p.GetBool("stress");
        // Checked here, on the number as given: a clamped copy would make the message name a value nobody wrote.
        var connections = p.GetInt("connections", 16);
        if (connections is < 1 or > LoadOptions.MaxConnections)
            throw new ArgumentException($"Connections must be from 1 to {LoadOptions.MaxConnections}, not {connections}.");
        var options = new LoadOptions
        {
            Url = uri,
            Method = p.GetString("method", "GET")!,
            Headers = headers,
            Body = p.GetString("body"),
            Model = model,
            Rate = rate ?? 0,
            Connections = (int)connections,
            Duration = p.GetDuration("duration") ?? (p.GetInt("requests") is null ? TimeSpan.FromSeconds(10)
                : TimeSpan.FromTicks(Math.Clamp(requestsOnlyCap.Ticks - (p.GetDuration("warmup") ?? TimeSpan.Zero).Ticks, TimeSpan.TicksPerSecond, LoadOptions.MaxDuration.Ticks))),
            Requests = p.GetInt("requests"),
            Warmup = p.GetDuration("warmup") ?? TimeSpan.Zero,
            RequestTimeout = p.GetDuration("timeout") ?? TimeSpan.FromSeconds(10),
            InsecureTls = p.GetBool("insecureTls"),
        };
        StressOptions? stressOptions = null;
        if (stress)
        {
            var start = p.GetDouble("stressStart") ?? throw p.Missing("stressStart", "the first rate in requests per second");
            stressOptions = new StressOptions(start, p.GetDouble("stressStep") ?? start, p.GetDouble("stressMax") ?? start * 10,
                p.GetDuration("stressStepDuration") ?? TimeSpan.FromSeconds(10));
            stressOptions.Rates();
            options = new LoadOptions
            {
                Url = options.Url, Method = options.Method, Headers = options.Headers, Body = options.Body, Model = LoadModel.Open,
                Rate = start, Connections = options.Connections, Duration = stressOptions.StepDuration, Warmup = options.Warmup,
                RequestTimeout = options.RequestTimeout, InsecureTls = options.InsecureTls,
            };
        }
        var thresholds = p.GetStringList("thresholds").Select(Threshold.Parse).ToList();
        MemoryProbe? memory = null;
        if (p.GetInt("pid") is { } pid) memory = MemoryProbe.ForProcess((int)pid);
        else if (p.GetString("metricsUrl") is { } metrics)
            memory = MemoryProbe.ForMetrics(new Uri(metrics), p.GetString("memoryGauge", "process_resident_memory_bytes")!);
        if (memory is null && thresholds.Any(t => t.Metric == ThresholdMetric.Memory))
            throw p.Missing("pid", "the target's process id, or metricsUrl, for the memory threshold");
        var request = new LoadTestRequest { Options = options, Thresholds = thresholds, Memory = memory, Stress = stressOptions };
        options.Validate();
        return request;
    }

    public static CheckResult ToCheckResult(CheckContext context, LoadTestResult r)
    {
        var target = r.Target;
        // Percentiles come only from requests that got a response; with none there is nothing to state.
        var latency = r.P95Ms is { } p95 ? string.Create(CultureInfo.InvariantCulture, $"p95 {p95:0.##} ms, p99 {r.P99Ms:0.##} ms") : "no request completed";
        var figures = string.Create(CultureInfo.InvariantCulture, $"{r.RequestsPerSecond:0} req/s, {latency}, errors {r.ErrorRate * 100:0.##}%");
        CheckResult result;
        var broken = r.Thresholds.Where(t => !t.Passed).ToList();
        if (r.Steps.Count > 0)
        {
            var breaking = r.BreakingRate is { } b
                ? string.Create(CultureInfo.InvariantCulture, $"breaks at {b:0} req/s ({r.Steps[^1].Broken})")
                : "did not break up to the highest step";
            result = r.HighestPassingRate is { } hp
                ? (r.Passed
                    ? context.Pass(string.Create(CultureInfo.InvariantCulture, $"{target} holds its thresholds up to {hp:0} req/s and {breaking}."), target)
                    : context.Fail(string.Create(CultureInfo.InvariantCulture, $"{target} holds its thresholds only up to {hp:0} req/s ({Show(broken)}) and {breaking}."), target,
                        "Scale the service or remove the bottleneck before release, then stress it again."))
                : context.Fail($"{target} breaks already at the first step of {r.Steps[0].TargetRate:0} req/s ({r.Steps[0].Broken}).", target,
                    "Lower stressStart to find the breaking point, and fix the bottleneck.");
        }
        else if (broken.Count == 0)
            result = context.Pass($"{target} met {string.Join(", ", r.Thresholds.Select(t => t.Threshold))}: {figures}.", target);
        else
            result = context.Fail($"{target} broke {Show(broken)}: {figures}.", target,
                "Find the slow or failing path (errors by kind and status codes are in the evidence), fix it and run the load test again.");

        result.WithEvidence("model", r.Model).WithEvidence("connections", r.Connections)
            .WithEvidence("requests", r.Requests).WithEvidence("errors", r.Errors).WithEvidence("rate", r.RequestsPerSecond)
            .WithEvidence("durationS", Math.Round(r.Duration.TotalSeconds, 2));
        foreach (var (name, ms) in new[] { ("p50Ms", r.P50Ms), ("p90Ms", r.P90Ms), ("p95Ms", r.P95Ms), ("p99Ms", r.P99Ms), ("p999Ms", r.P999Ms), ("maxMs", r.MaxMs) })
            if (ms is { } value) result.WithEvidence(name, value);
        if (r.P95Ms is null) result.WithEvidence("latency", "no request completed");
        if (r.TargetRate is { } tr) result.WithEvidence("targetRate", tr);
        foreach (var (kind, n) in r.ErrorsByKind) result.WithEvidence($"errors.{kind}", n);
        foreach (var (code, n) in r.StatusCodes) result.WithEvidence($"status.{code}", n);
        if (r.MemorySource is not null) result.WithEvidence("memorySource", r.MemorySource);
        if (r.PeakMemoryBytes is { } mem) result.WithEvidence("peakMemoryMB", Math.Round(mem / 1024 / 1024, 1));
        foreach (var t in r.Thresholds) result.WithEvidence($"threshold {t.Threshold}", $"{t.Measured} {(t.Passed ? "ok" : "broken")}");
        if (r.BreakingRate is { } br) result.WithEvidence("breakingRate", br);
        if (r.HighestPassingRate is { } hpr) result.WithEvidence("highestPassingRate", hpr);
        foreach (var s in r.Steps)
            result.WithEvidence(string.Create(CultureInfo.InvariantCulture, $"step {s.TargetRate:0}/s"),
                string.Create(CultureInfo.InvariantCulture, $"{s.RequestsPerSecond:0} req/s, {(s.P95Ms is { } sp95 ? string.Create(CultureInfo.InvariantCulture, $"p95 {sp95:0.##} ms") : "no request completed")}, errors {s.ErrorRate * 100:0.##}%{(s.Passed ? "" : ", broke " + s.Broken)}"));
        return result;
    }

    private static string Show(IEnumerable<ThresholdOutcome> broken) =>
        string.Join(", ", broken.Select(t => t.Measured.Length == 0 ? $"{t.Threshold} (not measured)" : $"{t.Threshold} (measured {t.Measured})"));
}
