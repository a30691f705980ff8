namespace Readiness.Core.Checks.Load;

public enum LoadModel
{
    /// <summary>Requests arrive at a constant rate whatever the server does; latency counts from the intended send time.</summary>
    Open,
    /// <summary>Each connection sends its next request when the previous response arrives.</summary>
    Closed,
}

/// <summary>What to send and for how long. <see cref="Validate"/> enforces the hard upper bounds.</summary>
public sealed class LoadOptions
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);
    public const long MaxRequests = 100_000_000;
    public const int MaxConnections = 2_000;
    public const double MaxRate = 1_000_000;

    public required Uri Url { get; init; }
    public string Method { get; init; } = "GET";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>Request body; <c>{{n}}</c> is replaced by the request's sequence number.</summary>
    public string? Body { get; init; }
    public LoadModel Model { get; init; } = LoadModel.Closed;
    /// <summary>Arrival rate of the open model, requests per second.</summary>
    public double Rate { get; init; }
    /// <summary>Connections (closed model) or the most requests in flight at once (open model).</summary>
    public int Connections { get; init; } = 16;
    /// <summary>Measured time after warm-up; with <see cref="Requests"/> the run stops at whichever comes first.</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>Measured requests to send; with <see cref="Duration"/> the run stops at whichever comes first.</summary>
    public long? Requests { get; init; }
    /// <summary>Time before measuring starts (connections opened, caches warm); its requests are not recorded.</summary>
    public TimeSpan Warmup { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Accept any TLS certificate (staging with a self-signed certificate); the default validates it.</summary>
    public bool InsecureTls { get; init; }

    /// <summary>Longest the run can take (warm-up, measured window, one request timeout to drain).</summary>
    public TimeSpan WorstCaseLength => Warmup + (Duration ?? MaxDuration) + RequestTimeout;

    /// <summary>Throws <see cref="ArgumentException"/> naming the value out of bounds.</summary>
    public void Validate()
    {
        if (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"The load target {Url} must be an http or https URL.");
        if (Duration is null && Requests is null)
            throw new ArgumentException("Give a duration or a request count for the load test.");
        if (Duration is { } d && (d <= TimeSpan.Zero || d > MaxDuration))
            throw new ArgumentException($"The load test duration {d.TotalSeconds:0.#} s must be above 0 and at most {MaxDuration.TotalMinutes:0} minutes.");
        if (Requests is { } r && (r <= 0 || r > MaxRequests))
            throw new ArgumentException($"The request count {r} must be from 1 to {MaxRequests}.");
        if (Warmup < TimeSpan.Zero || Warmup > MaxDuration)
            throw new ArgumentException($"The warm-up must be from 0 to {MaxDuration.TotalMinutes:0} minutes.");
        if (Connections is < 1 or > MaxConnections)
            throw new ArgumentException($"Connections must be from 1 to {MaxConnections}, not {Connections}.");
        if (Model == LoadModel.Open && (Rate <= 0 || Rate > MaxRate || double.IsNaN(Rate)))
            throw new ArgumentException($"The open model needs a rate from above 0 to {MaxRate:0} requests per second, not {Rate}.");
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(5))
            throw new ArgumentException("The request timeout must be above 0 and at most 5 minutes.");
    }
}
