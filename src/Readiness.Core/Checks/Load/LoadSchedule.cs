using System.Diagnostics;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// The clock and the schedule of one run, shared by every connection: when it starts measuring and ends, and which
/// request a connection sends next. Open model: request i is due at start + i/rate. Closed model: a connection's
/// next request is due now, as soon as its previous response arrived.
/// </summary>
internal sealed class LoadSchedule
{
    public LoadSchedule(LoadOptions options)
    {
        Options = options;
        Template = new RequestTemplate(options.Url, options.Method, options.Headers, options.Body);
        IsHead = Template.Method == "HEAD";
        Open = options.Model == LoadModel.Open;
        StartTicks = Stopwatch.GetTimestamp();
        MeasureStartTicks = StartTicks + Ticks(options.Warmup);
        var window = options.Duration ?? LoadOptions.MaxDuration;
        EndTicks = MeasureStartTicks + Ticks(window);
        Planned = options.Warmup + window;
        TimeoutTicks = Ticks(options.RequestTimeout);
        // An open-model latency counts from the due time, so it can reach the whole run plus a request timeout.
        HighestLatency = Math.Max(2, (long)(options.WorstCaseLength.TotalSeconds * 1_000_000) + 1);
        _requestLimit = options.Requests;
        if (Open)
        {
            _ticksPerRequest = Stopwatch.Frequency / options.Rate;
            _warmupSlots = (long)Math.Ceiling(options.Warmup.TotalSeconds * options.Rate);
        }
        if (!Template.HasCounter)
        {
            FixedRequest = new byte[Template.MaxLength];
            FixedRequestLength = Template.Write(FixedRequest, 0);
        }
    }

    public static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public LoadOptions Options { get; }
    public RequestTemplate Template { get; }
    public bool IsHead { get; }
    public bool Open { get; }
    /// <summary>The request bytes when they are the same for every request (no <c>{{n}}</c>); null otherwise.</summary>
    public byte[]? FixedRequest { get; }
    public int FixedRequestLength { get; }
    public long StartTicks { get; }
    public long MeasureStartTicks { get; }
    public long EndTicks { get; }
    public long TimeoutTicks { get; }
    public TimeSpan Planned { get; }
    /// <summary>Highest latency the histograms track, in microseconds.</summary>
    public long HighestLatency { get; }
    /// <summary>Set on cancellation: every connection stops at once.</summary>
    public volatile bool Stopping;

    private readonly long? _requestLimit;
    private readonly double _ticksPerRequest;
    private readonly long _warmupSlots;
    private long _nextSlot, _measuredIssued, _counter;

    /// <summary>
    /// The next request for a connection: when it is due and whether it is measured (not warm-up); false when the
    /// run has no more requests (the window ended or the request count is reached).
    /// </summary>
    public bool TryTake(long now, out long due, out bool measured)
    {
        if (Open)
        {
            var slot = Interlocked.Increment(ref _nextSlot) - 1;
            due = StartTicks + (long)(slot * _ticksPerRequest);
            measured = slot >= _warmupSlots;
            return due < EndTicks && (_requestLimit is not { } limit || slot - _warmupSlots < limit);
        }
        due = now;
        measured = now >= MeasureStartTicks;
        if (now >= EndTicks) return false;
        // Counted only when a count was asked for: one shared counter per request costs every core a cache miss.
        return !measured || _requestLimit is not { } max || Interlocked.Increment(ref _measuredIssued) <= max;
    }

    /// <summary>Writes the next request into <paramref name="buffer"/> when it differs per request; returns its bytes.</summary>
    public ReadOnlyMemory<byte> NextRequest(byte[] buffer) => FixedRequest is { } fixedRequest
        ? fixedRequest.AsMemory(0, FixedRequestLength)
        : buffer.AsMemory(0, Template.Write(buffer, Interlocked.Increment(ref _counter)));

    /// <summary>Latency of a request in microseconds: from its due time in the open model (coordinated omission
    /// corrected), from its send in the closed model. A request sent before it was due is timed from its send.</summary>
    public long Latency(long due, long sent, long end) =>
        Math.Clamp((long)((end - (Open ? Math.Min(due, sent) : sent)) * MicrosecondsPerTick), 0, HighestLatency);

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
