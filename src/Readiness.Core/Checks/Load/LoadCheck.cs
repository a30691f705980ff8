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
public sealed class LoadCheck : SingleResultCheck<LoadParameters>, ITargetChangingCheck
{
    public override string Type => "load";

    public ChangeImpact Impact => ChangeImpact.High;

    public PlannedChange Plan(CheckContext context)
    {
        var request = ReadRequest(context.Parameters, context.Timeout - TimeSpan.FromSeconds(3));
        return new PlannedChange(request.Options.Url.ToString(), Describe(request), request.Options.Url);
    }

    public override async Task<CheckResult> DecideAsync(CheckContext context, LoadParameters parameters, CancellationToken cancellationToken)
    {
        // A run given only a request count stops at the check timeout at the latest.
        var request = ReadRequest(context.Parameters, parameters, context.Timeout - TimeSpan.FromSeconds(3));
        Readiness.Core.Checks.RateLimit.HttpRequestSpec.RegisterSecrets(request.Options.Headers, context.Secrets);
        var planned = request.PlannedLength;
        if (planned + TimeSpan.FromSeconds(2) > context.Timeout)
            return context.Error(string.Create(CultureInfo.InvariantCulture,
                $"The load test needs about {planned.TotalSeconds:0} s but the check timeout is {context.Timeout.TotalSeconds:0} s; raise settings.timeoutSeconds (or --timeout) or shorten the test."),
                request.Options.Url.ToString());
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
        (context.Environment.Host as ILoadTestObserver)?.Completed(context.Item.Id, result);
        // A target that cannot be reached is an Error at once, not a full-length run of connection errors.
        if (result.Unreachable is { } unreachable) return context.Error(unreachable, request.Options.Url.ToString());
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

    internal static string SharingKey(CheckParameters p) =>
        JsonSerializer.Serialize<SortedDictionary<string, object?>>(new(
            p.Names.Where(n => n != "thresholds").ToDictionary(n => n, n => p.Raw(n)), StringComparer.Ordinal),
            Readiness.Core.Reporting.CanonicalJsonContext.Default.SortedDictionaryStringObject!);

    /// <summary>
    /// The per-item timeout an ad hoc test (Invoke-ReadinessLoadTest, `readiness load`) runs under: its planned
    /// length, one request timeout to drain and a margin, so the check's own length decides, not a checklist default.
    /// </summary>
    public static TimeSpan AdHocTimeout(LoadTestRequest request) =>
        request.PlannedLength + request.Options.RequestTimeout + TimeSpan.FromSeconds(5);

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

    /// <summary>Checks and reads the parameters into the test to run; throws <see cref="CheckParameterException"/> or
    /// <see cref="ArgumentException"/> naming the value that is wrong.</summary>
    public static LoadTestRequest ReadRequest(CheckParameters raw, TimeSpan requestsOnlyCap) =>
        ReadRequest(raw, CheckParameterBinder.Bind<LoadParameters>(raw), requestsOnlyCap);

    private static LoadTestRequest ReadRequest(CheckParameters raw, LoadParameters p, TimeSpan requestsOnlyCap)
    {
        var model = p.Model ?? (p.Rate is null ? LoadModel.Closed : LoadModel.Open);
        var headers = p.Headers.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
        // Checked here, on the number as given: a clamped copy would make the message name a value nobody wrote.
        if (p.Connections is < 1 or > LoadOptions.MaxConnections)
            throw new ArgumentException($"Connections must be from 1 to {LoadOptions.MaxConnections}, not {p.Connections}.");
        var warmup = p.Warmup ?? TimeSpan.Zero;
        var options = new LoadOptions
        {
            Url = p.Url,
            Method = p.Method,
            Headers = headers,
            Body = p.Body,
            Model = model,
            Rate = p.Rate ?? 0,
            Connections = (int)p.Connections,
            Duration = p.Duration ?? (p.Requests is null ? TimeSpan.FromSeconds(10)
                : TimeSpan.FromTicks(Math.Clamp(requestsOnlyCap.Ticks - warmup.Ticks, TimeSpan.TicksPerSecond, LoadOptions.MaxDuration.Ticks))),
            Requests = p.Requests,
            Warmup = warmup,
            RequestTimeout = p.Timeout ?? TimeSpan.FromSeconds(10),
            InsecureTls = p.InsecureTls,
        };
        StressOptions? stressOptions = null;
        if (p.Stress)
        {
            var start = p.StressStart ?? throw raw.Missing("stressStart", "the first rate in requests per second");
            stressOptions = new StressOptions(start, p.StressStep ?? start, p.StressMax ?? start * 10,
                p.StressStepDuration ?? TimeSpan.FromSeconds(10));
            stressOptions.Rates();
            options = new LoadOptions
            {
                Url = options.Url, Method = options.Method, Headers = options.Headers, Body = options.Body, Model = LoadModel.Open,
                Rate = start, Connections = options.Connections, Duration = stressOptions.StepDuration, Warmup = options.Warmup,
                RequestTimeout = options.RequestTimeout, InsecureTls = options.InsecureTls,
            };
        }
        var thresholds = p.Thresholds.Select(Threshold.Parse).ToList();
        MemoryProbe? memory = null;
        if (p.Pid is { } pid) memory = MemoryProbe.ForProcess((int)pid);
        else if (p.MetricsUrl is { } metrics) memory = MemoryProbe.ForMetrics(metrics, p.MemoryGauge);
        if (memory is null && thresholds.Any(t => t.Metric == ThresholdMetric.Memory))
            throw raw.Missing("pid", "the target's process id, or metricsUrl, for the memory threshold");
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
        else if (r.StoppedEarly is { } why)
            result = context.Fail($"{target} {(broken.Count > 0 ? "broke " + Show(broken) : "failed")}: {figures}; {why}.", target,
                "Make the target answer (is it overloaded, deadlocked or behind a filter that drops requests?), then run the load test again.");
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
        if (r.StoppedEarly is { } stopped) result.WithEvidence("stoppedEarly", stopped);
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
