using System.Globalization;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Load;

/// <summary>Stress mode: open-model steps from <see cref="StartRate"/> up by <see cref="Step"/> until a threshold breaks.</summary>
public sealed record StressOptions(double StartRate, double Step, double MaxRate, TimeSpan StepDuration)
{
    public const int MaxSteps = 50;

    public IReadOnlyList<double> Rates()
    {
        if (StartRate <= 0 || Step <= 0 || MaxRate < StartRate || MaxRate > LoadOptions.MaxRate)
            throw new ArgumentException($"Stress rates must satisfy 0 < start ({StartRate}) <= max ({MaxRate}) <= {LoadOptions.MaxRate:0} with a step above 0 ({Step}).");
        var rates = new List<double>();
        for (var r = StartRate; r <= MaxRate + 1e-9 && rates.Count < MaxSteps; r += Step) rates.Add(r);
        return rates;
    }
}

/// <summary>Everything one load test needs: what to send, the thresholds that decide it, optional memory and stress settings.</summary>
public sealed class LoadTestRequest
{
    public required LoadOptions Options { get; init; }
    public IReadOnlyList<Threshold> Thresholds { get; init; } = Array.Empty<Threshold>();
    public MemoryProbe? Memory { get; init; }
    public StressOptions? Stress { get; init; }

    /// <summary>How long the whole test is planned to take (warm-up and every stress step included).</summary>
    public TimeSpan PlannedLength => Stress is { } s
        ? Options.Warmup + s.StepDuration * s.Rates().Count
        : Options.Warmup + (Options.Duration ?? LoadOptions.MaxDuration);
}

/// <summary>Runs a load test (one run, or stress steps), samples the target's memory and judges the thresholds.</summary>
public static class LoadTest
{
    /// <summary>Applied when no threshold is given, so a run that only produced errors is not called a pass.</summary>
    public static readonly IReadOnlyList<Threshold> DefaultThresholds = new[] { Threshold.Parse("errors<1%") };

    /// <summary>What one (non-stress) run measured: latencies and counts, and the target's peak memory when sampled;
    /// or, with no measurement, why the target could not be reached (nothing was sent after the first attempt).</summary>
    public sealed record Measured(LoadMeasurement? Measurement, double? PeakMemoryBytes, string? MemorySource, string? Unreachable = null);

    /// <summary>
    /// Runs the test and judges its thresholds. <paramref name="shared"/>, when given, supplies the measurement of an
    /// identical run made for another item, so items that only differ in thresholds load the target once.
    /// </summary>
    /// <returns>The summary; when the target could not be reached, <see cref="LoadTestResult.Unreachable"/> says why and nothing was measured.</returns>
    public static async Task<LoadTestResult> RunAsync(LoadTestRequest request, IReadinessHost host, CancellationToken cancellationToken,
        Task<Measured>? shared = null)
    {
        var options = request.Options;
        options.Validate();
        var thresholds = request.Thresholds.Count > 0 ? request.Thresholds : DefaultThresholds;
        var result = Planned(request);
        var activity = $"Load test {result.Method} {options.Url}";
        if (request.Stress is null)
        {
            var measured = await (shared ?? MeasureAsync(request, host, cancellationToken)).ConfigureAwait(false);
            if (measured.Measurement is null)
            {
                result.Unreachable = measured.Unreachable;
                return result;
            }
            result.PeakMemoryBytes = measured.PeakMemoryBytes;
            result.MemorySource = measured.MemorySource;
            Fill(result, measured.Measurement);
            Judge(result, thresholds, measured.Measurement, rateOverride: null);
        }
        else
        {
            var probe = await TargetProbe.TryAsync(options, cancellationToken).ConfigureAwait(false);
            if (probe.Down is { } down)
            {
                result.Unreachable = Unreachable(options, down);
                return result;
            }
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var memory = request.Memory?.SamplePeakAsync(sampling.Token);
            try
            {
                await StressAsync(request, thresholds, result, host, activity, probe, async () =>
                {
                    var (peak, source) = await FinishMemoryAsync(request.Memory, memory, sampling, cancellationToken).ConfigureAwait(false);
                    memory = null;
                    result.PeakMemoryBytes = peak;
                    result.MemorySource = source;
                }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                sampling.Cancel();
                if (memory is not null) await memory.ConfigureAwait(false);
            }
        }
        host.Progress(new RunProgress(activity, null, 1, 1, result.ToString()));
        return result;
    }

    /// <summary>What the test is set to send, before anything was measured (the summary of a test that never ran).</summary>
    public static LoadTestResult Planned(LoadTestRequest request)
    {
        var options = request.Options;
        return new LoadTestResult
        {
            Target = options.Url.ToString(),
            Method = options.Method.ToUpperInvariant(),
            Model = request.Stress is null ? options.Model.ToString().ToLowerInvariant() : "open",
            Connections = options.Connections,
            TargetRate = request.Stress is null && options.Model == LoadModel.Open ? options.Rate : null,
            Warmup = options.Warmup,
        };
    }

    /// <summary>
    /// Tries the target with one request (<see cref="TargetProbe"/>); when it is down, says why and sends nothing more.
    /// Otherwise one run of the generator with the target's memory sampled alongside.
    /// </summary>
    public static async Task<Measured> MeasureAsync(LoadTestRequest request, IReadinessHost host, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var probe = await TargetProbe.TryAsync(options, cancellationToken).ConfigureAwait(false);
        if (probe.Down is { } down) return new Measured(null, null, null, Unreachable(options, down));
        var activity = $"Load test {options.Method.ToUpperInvariant()} {options.Url}";
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var memory = request.Memory?.SamplePeakAsync(sampling.Token);
        try
        {
            var m = await LoadGenerator.RunAsync(options, p => Report(host, activity, p), cancellationToken, probe).ConfigureAwait(false);
            var (peak, source) = await FinishMemoryAsync(request.Memory, memory, sampling, cancellationToken).ConfigureAwait(false);
            memory = null;
            return new Measured(m, peak, source);
        }
        finally
        {
            sampling.Cancel();
            if (memory is not null) await memory.ConfigureAwait(false);
        }
    }

    private static string Unreachable(LoadOptions options, string why) =>
        $"{options.Url} could not be reached ({why}) after one connection attempt; no load was sent.";

    /// <summary>Stops the sampler and takes one last reading; the peak of all of them, or why none could be read.</summary>
    private static async Task<(double? Peak, string? Source)> FinishMemoryAsync(MemoryProbe? probe, Task<(double? Peak, string? Problem)>? sampler,
        CancellationTokenSource sampling, CancellationToken cancellationToken)
    {
        if (probe is null || sampler is null) return (null, null);
        sampling.Cancel();
        var (peak, problem) = await sampler.ConfigureAwait(false);
        try { peak = Math.Max(peak ?? 0, await probe.ReadAsync(cancellationToken).ConfigureAwait(false)); }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException) { problem ??= ex.Message; }
        return (peak, peak is null ? $"{probe.Source} (unreadable: {problem})" : probe.Source);
    }

    private static async Task StressAsync(LoadTestRequest request, IReadOnlyList<Threshold> thresholds, LoadTestResult result,
        IReadinessHost host, string activity, TargetProbe.Outcome probe, Func<Task> finishMemory, CancellationToken cancellationToken)
    {
        var stress = request.Stress!;
        var rates = stress.Rates();
        LoadMeasurement? best = null, first = null;
        var stepThresholds = thresholds.Where(t => t.Metric != ThresholdMetric.Rate).ToList();
        for (var i = 0; i < rates.Count; i++)
        {
            var o = request.Options;
            var stepOptions = new LoadOptions
            {
                Url = o.Url, Method = o.Method, Headers = o.Headers, Body = o.Body, Model = LoadModel.Open, Rate = rates[i],
                Connections = o.Connections, Duration = stress.StepDuration, Warmup = i == 0 ? o.Warmup : TimeSpan.Zero,
                RequestTimeout = o.RequestTimeout, InsecureTls = o.InsecureTls,
            };
            var step = i;
            var m = await LoadGenerator.RunAsync(stepOptions,
                p => Report(host, $"{activity} at {rates[step]:0} req/s (step {step + 1} of {rates.Count})", p), cancellationToken,
                i == 0 ? probe : null).ConfigureAwait(false);
            first ??= m;
            // A server that cannot keep up makes requests queue: achieved rate below 90 % of the offered rate is a break too.
            var broken = stepThresholds.Where(t => t.Measure(m, null) is not { } v || !t.IsMet(v)).Select(t => t.Text).ToList();
            if (m.RequestsPerSecond < 0.9 * rates[i]) broken.Add($"rate {m.RequestsPerSecond:0}/s < 90% of offered");
            result.Steps.Add(new LoadStep
            {
                TargetRate = rates[i], RequestsPerSecond = Math.Round(m.RequestsPerSecond, 1), P95Ms = Ms(m.PercentileMs(95)),
                P99Ms = Ms(m.PercentileMs(99)), ErrorRate = m.ErrorRate, Passed = broken.Count == 0, Broken = string.Join(", ", broken),
            });
            if (broken.Count > 0)
            {
                result.BreakingRate = rates[i];
                break;
            }
            best = m;
            result.HighestPassingRate = rates[i];
        }
        await finishMemory().ConfigureAwait(false);
        var shown = best ?? first!;
        Fill(result, shown);
        Judge(result, thresholds, shown, rateOverride: result.HighestPassingRate ?? 0);
        if (result.HighestPassingRate is null) result.Passed = false;
    }

    private static void Report(IReadinessHost host, string activity, LoadProgress p) =>
        host.Progress(new RunProgress(activity, $"{p.Elapsed.TotalSeconds:0}s of {p.Planned.TotalSeconds:0}s",
            (int)Math.Min(p.Elapsed.TotalSeconds, p.Planned.TotalSeconds), Math.Max(1, (int)Math.Ceiling(p.Planned.TotalSeconds)),
            string.Create(CultureInfo.InvariantCulture,
                $"{p.RequestsPerSecond:0} req/s, {(p.P95Ms is { } p95 ? string.Create(CultureInfo.InvariantCulture, $"p95 {p95:0.##} ms") : "no request completed yet")}, {p.Errors} errors")));

    private static void Fill(LoadTestResult result, LoadMeasurement m)
    {
        result.Duration = m.Elapsed;
        result.Requests = m.Requests;
        result.Errors = m.Errors;
        result.ErrorRate = m.ErrorRate;
        result.RequestsPerSecond = Math.Round(m.RequestsPerSecond, 1);
        result.MinMs = Ms(m.MinMs);
        result.MeanMs = Ms(m.MeanMs);
        result.P50Ms = Ms(m.PercentileMs(50));
        result.P90Ms = Ms(m.PercentileMs(90));
        result.P95Ms = Ms(m.PercentileMs(95));
        result.P99Ms = Ms(m.PercentileMs(99));
        result.P999Ms = Ms(m.PercentileMs(99.9));
        result.MaxMs = Ms(m.MaxMs);
        result.ErrorsByKind = new(m.ErrorsByKind);
        result.StatusCodes = new(m.StatusCodes);
        result.StoppedEarly = m.StoppedEarly;
    }

    private static void Judge(LoadTestResult result, IReadOnlyList<Threshold> thresholds, LoadMeasurement m, double? rateOverride)
    {
        result.Thresholds.Clear();
        foreach (var t in thresholds)
        {
            var measured = t.Metric == ThresholdMetric.Rate && rateOverride is { } r ? r : t.Measure(m, result.PeakMemoryBytes);
            result.Thresholds.Add(new ThresholdOutcome
            {
                Threshold = t.Text,
                Measured = measured is { } v ? t.Format(v) : "",
                Passed = measured is { } x && t.IsMet(x),
            });
        }
        result.Passed = result.Thresholds.All(o => o.Passed);
    }

    private static double? Ms(double? milliseconds) => milliseconds is { } ms ? Math.Round(ms, 3) : null;
}
