using Readiness.Core.Running;

namespace Readiness.Core.Checks.Load;

/// <summary>The <c>load</c> check's parameters, as a checklist item, Invoke-ReadinessLoadTest and `readiness load` give them.</summary>
public sealed record LoadParameters
{
    [CheckParameter("url", Required = true, Expected = "an absolute http or https URL")] public Uri Url { get; init; } = null!;
    [CheckParameter("method")] public string Method { get; init; } = "GET";
    [CheckParameter("headers")] public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();
    /// <summary>Request body; <c>{{n}}</c> becomes the request's sequence number.</summary>
    [CheckParameter("body")] public string? Body { get; init; }
    /// <summary>Open with a rate, closed without one, unless given.</summary>
    [CheckParameter("model")] public LoadModel? Model { get; init; }
    [CheckParameter("rate")] public double? Rate { get; init; }
    /// <summary>Bounds are checked by <see cref="LoadCheck.ReadRequest"/>, whose message names the number as given.</summary>
    [CheckParameter("connections")] public long Connections { get; init; } = 16;
    [CheckParameter("duration")] public TimeSpan? Duration { get; init; }
    [CheckParameter("requests")] public long? Requests { get; init; }
    [CheckParameter("warmup")] public TimeSpan? Warmup { get; init; }
    /// <summary>Timeout of each request (and of the first one, which tries the target).</summary>
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
    [CheckParameter("thresholds")] public IReadOnlyList<string> Thresholds { get; init; } = [];
    [CheckParameter("stress")] public bool Stress { get; init; }
    [CheckParameter("stressStart")] public double? StressStart { get; init; }
    [CheckParameter("stressStep")] public double? StressStep { get; init; }
    [CheckParameter("stressMax")] public double? StressMax { get; init; }
    [CheckParameter("stressStepDuration")] public TimeSpan? StressStepDuration { get; init; }
    [CheckParameter("pid")] public long? Pid { get; init; }
    [CheckParameter("metricsUrl")] public Uri? MetricsUrl { get; init; }
    [CheckParameter("memoryGauge")] public string MemoryGauge { get; init; } = "process_resident_memory_bytes";
    [CheckParameter("insecureTls")] public bool InsecureTls { get; init; }
}
