using System.Diagnostics;
using System.Net;
using HdrHistogram;

namespace Readiness.Core.Checks.Load;

/// <summary>What the generator measured in one run (one rate step in stress mode).</summary>
public sealed class LoadMeasurement
{
    /// <summary>Microseconds, three significant digits (0.1 %); only requests that got a response.</summary>
    public required HistogramBase Latency { get; init; }
    public long Requests { get; init; }
    public long Errors { get; init; }
    public TimeSpan Elapsed { get; init; }
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
    public Dictionary<string, long> ErrorsByKind { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> StatusCodes { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Why the run ended before its planned length; null when it ran its course.</summary>
    public string? StoppedEarly { get; init; }

    /// <summary>Latencies exist only for requests that completed; a run whose every request failed has none,
    /// and its percentiles are null rather than 0 ms.</summary>
    public bool HasLatency => Latency.TotalCount > 0;
    public double? PercentileMs(double percentile) => HasLatency ? Latency.GetValueAtPercentile(percentile) / 1000.0 : null;
    public double? MeanMs => HasLatency ? Latency.GetMean() / 1000.0 : null;
    public double? MinMs => HasLatency ? Latency.LowestEquivalentValue(Latency.RecordedValues().First().ValueIteratedTo) / 1000.0 : null;
    public double? MaxMs => HasLatency ? Latency.GetMaxValue() / 1000.0 : null;
}

/// <summary>A live look at a run in progress, about once a second; <see cref="P95Ms"/> is null until a request completed.</summary>
public sealed record LoadProgress(TimeSpan Elapsed, TimeSpan Planned, long Requests, long Errors, double RequestsPerSecond, double? P95Ms);

/// <summary>
/// Sends HTTP/1.1 requests over keep-alive connections in the open or the closed model (<see cref="LoadSchedule"/>).
/// Plain http runs in one <see cref="SocketLoop"/> thread per core, each driving its share of the connections;
/// https runs one <see cref="StreamWorker"/> task per connection. Every thread records into its own tally and
/// HdrHistogram recorder, merged once a second for progress and at the end.
/// Open model: latency counts from each request's due time, so a stalled server that makes requests wait shows in
/// the percentiles (coordinated omission corrected, as wrk2 does). That is the exact form of what
/// RecordValueWithExpectedInterval estimates after the fact, so it is not applied on top: the requests a stall held
/// back are each recorded with their real wait, and back-filling would count the stall twice.
/// Closed model: each connection sends as soon as its previous response arrives and latency is per request.
/// </summary>
public static class LoadGenerator
{
    public static Task<LoadMeasurement> RunAsync(LoadOptions options, Action<LoadProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(options, progress, cancellationToken, probe: null);

    /// <param name="probe">The request that tried the target first: without a warm-up it is the run's first measured request.</param>
    internal static async Task<LoadMeasurement> RunAsync(LoadOptions options, Action<LoadProgress>? progress, CancellationToken cancellationToken,
        TargetProbe.Outcome? probe)
    {
        options.Validate();
        var endPoint = options.Url.Scheme == Uri.UriSchemeHttp ? await ResolveAsync(options.Url, cancellationToken).ConfigureAwait(false) : null;
        var schedule = new LoadSchedule(options, probe);
        var latency = new LongHistogram(1, schedule.HighestLatency, 3);
        Recorder[] recorders;
        LoadTally[] tallies;
        Task all;
        StreamWorker[] workers = Array.Empty<StreamWorker>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (endPoint is not null)
        {
            var threads = Math.Min(Environment.ProcessorCount, options.Connections);
            var loops = Enumerable.Range(0, threads).Select(i => new SocketLoop(schedule, endPoint,
                options.Connections / threads + (i < options.Connections % threads ? 1 : 0),
                new LoadTally(new Recorder(1, schedule.HighestLatency, 3, (id, low, high, digits) => new LongHistogram(id, low, high, digits))))).ToArray();
            tallies = loops.Select(l => l.Tally).ToArray();
            recorders = tallies.Select(t => t.Latency).ToArray();
            RecordProbe(schedule, probe, tallies[0]);
            using var stopLoops = stop.Token.Register(() => schedule.Stopping = true);
            foreach (var loop in loops) loop.Start();
            all = Task.WhenAll(loops.Select(l => l.Completion));
            await WatchAsync(schedule, workers, all, tallies, recorders, latency, progress).ConfigureAwait(false);
        }
        else
        {
            // Many tasks write one recorder, so its histograms are the concurrent kind.
            var shared = new Recorder(1, schedule.HighestLatency, 3, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
            recorders = new[] { shared };
            workers = Enumerable.Range(0, options.Connections).Select(_ => new StreamWorker(schedule, new LoadTally(shared))).ToArray();
            tallies = workers.Select(w => w.Tally).ToArray();
            RecordProbe(schedule, probe, tallies[0]);
            using var abortOnCancel = stop.Token.Register(() => { schedule.Stopping = true; foreach (var w in workers) w.Connection?.Abort(); });
            all = Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(stop.Token))));
            await WatchAsync(schedule, workers, all, tallies, recorders, latency, progress).ConfigureAwait(false);
        }
        await all.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var recorder in recorders) latency.Add(recorder.GetIntervalHistogram());
        return Collect(schedule, tallies, latency);
    }

    /// <summary>The probe's request, when it belongs to the measured run, recorded before any other.</summary>
    private static void RecordProbe(LoadSchedule schedule, TargetProbe.Outcome? probe, LoadTally tally)
    {
        if (!schedule.ProbeMeasured || probe is not { } first) return;
        if (first.Unanswered) tally.Failure(new TimeoutException(), timedOut: true, schedule.MeasureStartTicks);
        else tally.Response(first.Status, Math.Clamp(first.LatencyMicroseconds, 1, schedule.HighestLatency), schedule.MeasureStartTicks);
    }

    /// <summary>The address to connect to, looked up once per run rather than once per connection.</summary>
    private static async Task<EndPoint> ResolveAsync(Uri url, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address)) return new IPEndPoint(address, url.Port);
        var addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.First();
        return new IPEndPoint(chosen, url.Port);
    }

    /// <summary>Every 50 ms: abort https requests over the timeout. Every second: report progress. Ends with the run.</summary>
    private static async Task WatchAsync(LoadSchedule schedule, StreamWorker[] workers, Task done, LoadTally[] tallies,
        Recorder[] recorders, HistogramBase latency, Action<LoadProgress>? progress)
    {
        var nextReport = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        long lastCount = 0;
        var lastTicks = Stopwatch.GetTimestamp();
        var tick = TimeSpan.FromMilliseconds(workers.Length > 0 ? 50 : 250);
        while (!done.IsCompleted)
        {
            await Task.WhenAny(done, Task.Delay(tick)).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            foreach (var w in workers)
            {
                var c = w.Connection;
                var since = c?.InFlightSince ?? 0;
                if (since != 0 && now - since > schedule.TimeoutTicks)
                {
                    w.TimedOut = true;
                    c!.Abort();
                }
            }
            if (progress is null || now < nextReport || done.IsCompleted) continue;
            nextReport = now + Stopwatch.Frequency;
            foreach (var recorder in recorders) latency.Add(recorder.GetIntervalHistogram());
            long errors = 0, count = 0;
            foreach (var t in tallies)
            {
                errors += t.ErrorCount;
                count += Volatile.Read(ref t.Completed);
            }
            var rate = (count - lastCount) / ((now - lastTicks) / (double)Stopwatch.Frequency);
            lastCount = count;
            lastTicks = now;
            progress(new LoadProgress(TimeSpan.FromSeconds((now - schedule.StartTicks) / (double)Stopwatch.Frequency), schedule.Planned,
                count, errors, rate, latency.TotalCount == 0 ? null : latency.GetValueAtPercentile(95) / 1000.0));
        }
    }

    private static LoadMeasurement Collect(LoadSchedule schedule, LoadTally[] tallies, HistogramBase latency)
    {
        var statuses = new long[600];
        long timeouts = 0, connection = 0, protocol = 0;
        var last = schedule.MeasureStartTicks;
        foreach (var t in tallies)
        {
            for (var i = 0; i < statuses.Length; i++) statuses[i] += t.Statuses[i];
            timeouts += t.Timeouts;
            connection += t.ConnectionErrors;
            protocol += t.ProtocolErrors;
            last = Math.Max(last, t.LastCompletionTicks);
        }
        var byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        var codes = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var code = 100; code < 600; code++)
        {
            if (statuses[code] == 0) continue;
            codes[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = statuses[code];
            if (code >= 400)
            {
                var kind = $"{code / 100}xx";
                byKind[kind] = byKind.GetValueOrDefault(kind) + statuses[code];
            }
        }
        if (timeouts > 0) byKind["timeout"] = timeouts;
        if (connection > 0) byKind["connection"] = connection;
        if (protocol > 0) byKind["protocol"] = protocol;
        return new LoadMeasurement
        {
            Latency = latency,
            Requests = statuses.Sum() + timeouts + connection + protocol,
            Errors = byKind.Values.Sum(),
            Elapsed = TimeSpan.FromSeconds(Math.Max(0, last - schedule.MeasureStartTicks) / (double)Stopwatch.Frequency),
            ErrorsByKind = byKind,
            StatusCodes = codes,
            StoppedEarly = schedule.StoppedUnanswered
                ? $"no request was answered within the {TargetProbe.Seconds(schedule.Options.RequestTimeout)} s timeout, so the test stopped after {schedule.UnansweredCount} timed-out request{(schedule.UnansweredCount == 1 ? "" : "s")}"
                : null,
        };
    }
}
