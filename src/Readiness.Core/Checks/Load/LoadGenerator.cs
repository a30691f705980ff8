using System.Diagnostics;
using System.Net.Sockets;
using HdrHistogram;

namespace Readiness.Core.Checks.Load;

/// <summary>What the generator measured in one run (one rate step in stress mode).</summary>
public sealed class LoadMeasurement
{
    /// <summary>Microseconds, three significant digits (0.1 %).</summary>
    public required HistogramBase Latency { get; init; }
    public long Requests { get; init; }
    public long Errors { get; init; }
    public TimeSpan Elapsed { get; init; }
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
    public Dictionary<string, long> ErrorsByKind { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> StatusCodes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>HdrHistogram throws for a percentile of nothing; a run whose every request failed has no latency.</summary>
    public bool HasLatency => Latency.TotalCount > 0;
    public double PercentileMs(double percentile) => HasLatency ? Latency.GetValueAtPercentile(percentile) / 1000.0 : 0;
    public double MeanMs => HasLatency ? Latency.GetMean() / 1000.0 : 0;
    public double MinMs => HasLatency ? Latency.LowestEquivalentValue(Latency.RecordedValues().First().ValueIteratedTo) / 1000.0 : 0;
    public double MaxMs => HasLatency ? Latency.GetMaxValue() / 1000.0 : 0;
}

/// <summary>A live look at a run in progress, about once a second.</summary>
public sealed record LoadProgress(TimeSpan Elapsed, TimeSpan Planned, long Requests, long Errors, double RequestsPerSecond, double P95Ms);

/// <summary>
/// Sends HTTP/1.1 requests over a pool of keep-alive connections in the open or the closed model and records
/// latencies in one HdrHistogram that every connection records into without a lock.
/// Open model: request i is due at start + i/rate; each connection takes the next due request, and its latency
/// counts from the due time, so a stalled server that makes requests wait shows in the percentiles
/// (coordinated omission corrected, as wrk2 does). That is the exact form of what
/// RecordValueWithExpectedInterval estimates after the fact, so it is not applied on top: the requests a stall
/// held back are each recorded with their real wait, and back-filling would count the stall twice.
/// Closed model: each connection sends as soon as its previous response arrives and latency is per request.
/// </summary>
public static class LoadGenerator
{
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static async Task<LoadMeasurement> RunAsync(LoadOptions options, Action<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var run = new Run(options);
        var workers = Enumerable.Range(0, options.Connections).Select(_ => new Worker(run)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abortOnCancel = stop.Token.Register(() => { run.Stopping = true; foreach (var w in workers) w.Connection?.Abort(); });

        var tasks = workers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToArray();
        var all = Task.WhenAll(tasks);
        var watchdog = WatchAsync(run, workers, all, progress);
        await all.ConfigureAwait(false);
        await watchdog.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return run.Collect(workers);
    }

    /// <summary>Every 50 ms: abort requests over the timeout. Every second: report progress. Ends with the workers.</summary>
    private static async Task WatchAsync(Run run, Worker[] workers, Task done, Action<LoadProgress>? progress)
    {
        var timeoutTicks = (long)(run.Options.RequestTimeout.TotalSeconds * Stopwatch.Frequency);
        var nextReport = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        long lastCount = 0;
        var lastTicks = Stopwatch.GetTimestamp();
        while (!done.IsCompleted)
        {
            await Task.WhenAny(done, Task.Delay(50)).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            foreach (var w in workers)
            {
                var c = w.Connection;
                var since = c?.InFlightSince ?? 0;
                if (since != 0 && now - since > timeoutTicks)
                {
                    w.TimedOut = true;
                    c!.Abort();
                }
            }
            if (progress is null || now < nextReport || done.IsCompleted) continue;
            nextReport = now + Stopwatch.Frequency;
            long errors = 0;
            foreach (var w in workers) errors += w.ErrorCount;
            var count = workers.Sum(w => w.Completed);
            var rate = (count - lastCount) / ((now - lastTicks) / (double)Stopwatch.Frequency);
            lastCount = count;
            lastTicks = now;
            progress(new LoadProgress(TimeSpan.FromSeconds((now - run.StartTicks) / (double)Stopwatch.Frequency), run.Planned,
                count, errors, rate, run.Latency.TotalCount == 0 ? 0 : run.Latency.GetValueAtPercentile(95) / 1000.0));
        }
    }

    /// <summary>Shared state of one run: the clock, the schedule and the counters every worker draws from.</summary>
    private sealed class Run
    {
        public Run(LoadOptions options)
        {
            Options = options;
            Template = new RequestTemplate(options.Url, options.Method, options.Headers, options.Body);
            IsHead = Template.Method == "HEAD";
            StartTicks = Stopwatch.GetTimestamp();
            MeasureStartTicks = StartTicks + Ticks(options.Warmup);
            var window = options.Duration ?? LoadOptions.MaxDuration;
            EndTicks = MeasureStartTicks + Ticks(window);
            Planned = options.Warmup + window;
            // An open-model latency counts from the due time, so it can reach the whole run plus a request timeout.
            HighestLatency = Math.Max(2, (long)(options.WorstCaseLength.TotalSeconds * 1_000_000) + 1);
            Latency = new LongConcurrentHistogram(1, HighestLatency, 3);
            RequestLimit = options.Requests ?? long.MaxValue;
            if (options.Model == LoadModel.Open)
            {
                TicksPerRequest = Stopwatch.Frequency / options.Rate;
                WarmupSlots = (long)Math.Ceiling(options.Warmup.TotalSeconds * options.Rate);
            }
            if (!Template.HasCounter)
            {
                Fixed = new byte[Template.MaxLength];
                FixedLength = Template.Write(Fixed, 0);
            }
        }

        public LoadOptions Options { get; }
        public HistogramBase Latency { get; }
        public long HighestLatency { get; }
        public RequestTemplate Template { get; }
        public bool IsHead { get; }
        public byte[]? Fixed { get; }
        public int FixedLength { get; }
        public long StartTicks { get; }
        public long MeasureStartTicks { get; }
        public long EndTicks { get; }
        public TimeSpan Planned { get; }
        public long RequestLimit { get; }
        public double TicksPerRequest { get; }
        public long WarmupSlots { get; }
        public volatile bool Stopping;
        public long NextSlot;
        public long MeasuredIssued;
        public long Counter;

        public LoadMeasurement Collect(Worker[] workers)
        {
            var statuses = new long[600];
            long timeouts = 0, connection = 0, protocol = 0;
            var last = MeasureStartTicks;
            foreach (var w in workers)
            {
                for (var i = 0; i < statuses.Length; i++) statuses[i] += w.Statuses[i];
                timeouts += w.Timeouts;
                connection += w.ConnectionErrors;
                protocol += w.ProtocolErrors;
                last = Math.Max(last, w.LastCompletionTicks);
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
            var responses = statuses.Sum();
            var errors = byKind.Values.Sum();
            return new LoadMeasurement
            {
                Latency = Latency,
                Requests = responses + timeouts + connection + protocol,
                Errors = errors,
                Elapsed = TimeSpan.FromSeconds(Math.Max(0, last - MeasureStartTicks) / (double)Stopwatch.Frequency),
                ErrorsByKind = byKind,
                StatusCodes = codes,
            };
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>One connection and everything it recorded. Only its own task writes these fields.</summary>
    private sealed class Worker(Run run)
    {
        public readonly long[] Statuses = new long[600];
        public long Timeouts, ConnectionErrors, ProtocolErrors, Completed, LastCompletionTicks;
        public long ErrorCount => Timeouts + ConnectionErrors + ProtocolErrors + Statuses.AsSpan(400).ToArray().Sum();
        public volatile Http1Connection? Connection;
        public volatile bool TimedOut;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var options = run.Options;
            var buffer = run.Fixed ?? new byte[run.Template.MaxLength];
            var open = options.Model == LoadModel.Open;
            try
            {
                while (!run.Stopping)
                {
                    long due;          // when the request should go out (open model) or goes out (closed)
                    bool measured;
                    if (open)
                    {
                        var slot = Interlocked.Increment(ref run.NextSlot) - 1;
                        due = run.StartTicks + (long)(slot * run.TicksPerRequest);
                        if (due >= run.EndTicks || slot - run.WarmupSlots >= run.RequestLimit) break;
                        measured = slot >= run.WarmupSlots;
                        var wait = due - Stopwatch.GetTimestamp();
                        // Sleep until about 1 ms before it is due; a request sent that little early is timed from
                        // its real send time, so sending early never flatters the figures.
                        if (wait > Stopwatch.Frequency / 500)
                            await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency) - TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        due = Stopwatch.GetTimestamp();
                        if (due >= run.EndTicks) break;
                        measured = due >= run.MeasureStartTicks;
                        if (measured && Interlocked.Increment(ref run.MeasuredIssued) > run.RequestLimit) break;
                    }

                    var length = run.Fixed is null ? run.Template.Write(buffer, Interlocked.Increment(ref run.Counter)) : run.FixedLength;
                    var connection = Connection;
                    try
                    {
                        if (connection is null)
                        {
                            connection = await Http1Connection.ConnectAsync(options.Url, options.RequestTimeout, options.InsecureTls, cancellationToken).ConfigureAwait(false);
                            Connection = connection;
                        }
                        var sent = Stopwatch.GetTimestamp();
                        var status = await connection.ExchangeAsync(buffer.AsMemory(0, length), run.IsHead).ConfigureAwait(false);
                        var end = Stopwatch.GetTimestamp();
                        if (!connection.KeepAlive) Drop();
                        if (!measured) continue;
                        run.Latency.RecordValue(Math.Clamp((long)((end - Math.Min(due, sent)) * MicrosecondsPerTick), 0, run.HighestLatency));
                        Statuses[status]++;
                        Completed++;
                        LastCompletionTicks = end;
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
                    {
                        var timedOut = TimedOut || ex is TimeoutException;
                        TimedOut = false;
                        Drop();
                        if (run.Stopping || cancellationToken.IsCancellationRequested) break;
                        if (measured)
                        {
                            if (timedOut) Timeouts++;
                            else if (ex is HttpProtocolException) ProtocolErrors++;
                            else ConnectionErrors++;
                            Completed++;
                            LastCompletionTicks = Stopwatch.GetTimestamp();
                        }
                        // A refused connection or handshake fails in microseconds: pause so a dead target is not hammered.
                        if (!timedOut && ex is SocketException or System.Security.Authentication.AuthenticationException) await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
            finally { Drop(); }
        }

        private void Drop()
        {
            var c = Connection;
            Connection = null;
            c?.Dispose();
        }
    }
}
