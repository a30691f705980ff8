namespace Readiness;

/// <summary>
/// Summary of one load test (Invoke-ReadinessLoadTest, the <c>load</c> check): what was sent, the rate achieved,
/// latency percentiles, errors by kind, the target's memory and each threshold's outcome. Latencies are
/// milliseconds; in the open model they are measured from the intended send time, so queueing behind a slow
/// server counts (coordinated omission corrected).
/// </summary>
public sealed class LoadTestResult
{
    public string Target { get; set; } = "";
    public string Method { get; set; } = "GET";
    /// <summary>"open" (constant arrival rate) or "closed" (each connection sends as fast as responses return).</summary>
    public string Model { get; set; } = "closed";
    public int Connections { get; set; }
    /// <summary>Requested arrival rate (open model), requests per second.</summary>
    public double? TargetRate { get; set; }
    public TimeSpan Warmup { get; set; }
    /// <summary>Length of the measured window (after warm-up).</summary>
    public TimeSpan Duration { get; set; }
    /// <summary>Requests completed in the measured window, failures included.</summary>
    public long Requests { get; set; }
    public long Errors { get; set; }
    /// <summary>Errors / Requests, 0..1.</summary>
    public double ErrorRate { get; set; }
    public double RequestsPerSecond { get; set; }
    /// <summary>Latencies of the requests that got a response; null when none did (never a made-up 0 ms).</summary>
    public double? MinMs { get; set; }
    public double? MeanMs { get; set; }
    public double? P50Ms { get; set; }
    public double? P90Ms { get; set; }
    public double? P95Ms { get; set; }
    public double? P99Ms { get; set; }
    public double? P999Ms { get; set; }
    public double? MaxMs { get; set; }
    /// <summary>Failed requests by kind: "4xx", "5xx", "timeout", "connection", "protocol".</summary>
    public FactMap<long> ErrorsByKind { get; set; } = new();
    /// <summary>Responses by status code, e.g. "200" = 98123.</summary>
    public FactMap<long> StatusCodes { get; set; } = new();
    /// <summary>Highest resident memory of the target seen during the run, in bytes, when a source was given.</summary>
    public double? PeakMemoryBytes { get; set; }
    /// <summary>Where the memory figure came from ("pid 1234 VmRSS", a metrics URL and gauge).</summary>
    public string? MemorySource { get; set; }
    public FactList<ThresholdOutcome> Thresholds { get; set; } = new();
    /// <summary>True when every threshold held (and, in stress mode, the first step held).</summary>
    public bool Passed { get; set; }
    /// <summary>Why the target could not be reached by the test's first request; nothing more was sent. Null when it answered.</summary>
    public string? Unreachable { get; set; }
    /// <summary>Why the run ended before its planned length (no request was ever answered); null when it ran its course.</summary>
    public string? StoppedEarly { get; set; }
    /// <summary>Stress mode: one entry per rate step, in order.</summary>
    public FactList<LoadStep> Steps { get; set; } = new();
    /// <summary>Stress mode: the first rate at which a threshold broke; null when none broke up to the maximum.</summary>
    public double? BreakingRate { get; set; }
    /// <summary>Stress mode: the highest rate at which every threshold held.</summary>
    public double? HighestPassingRate { get; set; }

    public override string ToString() => P95Ms is null
        ? $"{Target}: {RequestsPerSecond:0} req/s, no request completed, errors {ErrorRate:P2}"
        : $"{Target}: {RequestsPerSecond:0} req/s, p95 {P95Ms:0.##} ms, p99 {P99Ms:0.##} ms, errors {ErrorRate:P2}";
}

/// <summary>One threshold of a load test and whether it held.</summary>
public sealed class ThresholdOutcome
{
    /// <summary>As written, e.g. "p95&lt;50ms".</summary>
    public string Threshold { get; set; } = "";
    /// <summary>The measured value in the threshold's unit, e.g. "63.2ms"; empty when it could not be measured.</summary>
    public string Measured { get; set; } = "";
    public bool Passed { get; set; }
    public override string ToString() => $"{Threshold}: {Measured} {(Passed ? "ok" : "broken")}";
}

/// <summary>One rate step of a stress run.</summary>
public sealed class LoadStep
{
    public double TargetRate { get; set; }
    public double RequestsPerSecond { get; set; }
    /// <summary>Null when no request of the step completed.</summary>
    public double? P95Ms { get; set; }
    public double? P99Ms { get; set; }
    public double ErrorRate { get; set; }
    public bool Passed { get; set; }
    /// <summary>Thresholds that broke at this step, comma-separated.</summary>
    public string Broken { get; set; } = "";

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{TargetRate:0.##}/s: {RequestsPerSecond:0} req/s, {(P95Ms is { } p95 ? $"p95 {p95:0.##} ms" : "no request completed")}, {(Passed ? "ok" : "broken " + Broken)}");
}
