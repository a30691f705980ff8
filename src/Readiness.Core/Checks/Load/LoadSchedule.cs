using System.Diagnostics;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// The clock and the schedule of one run, shared by every connection: when it starts measuring and ends, and which
/// request a connection sends next. Open model: request i is due at start + i/rate. Closed model: a connection's
/// next request is due now, as soon as its previous response arrived.
/// </summary>
internal sealed class LoadSchedule
{
    /// <param name="probe">The request that tried the target before the run (<see cref="TargetProbe"/>); none in stress steps after the first.</param>
    public LoadSchedule(LoadOptions options, TargetProbe.Outcome? probe = null)
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
        // Without a warm-up the probe was the first measured request: it takes the first slot and counts toward
        // the request count.
        ProbeMeasured = probe is not null && options.Warmup == TimeSpan.Zero;
        if (ProbeMeasured) _nextSlot = _measuredIssued = 1;
        if (probe is { Unanswered: true }) TimedOut();
        else if (probe is not null) Answered = true;
    }

    /// <summary>The probe's request belongs to the measured run (there was no warm-up).</summary>
    public bool ProbeMeasured { get; }

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
    /// <summary>Set by the first response of the run (warm-up included).</summary>
    public volatile bool Answered;
    /// <summary>The run stopped because each connection timed out and no request was ever answered.</summary>
    public bool StoppedUnanswered { get; private set; }
    /// <summary>Requests that timed out while nothing had been answered (the probe's included).</summary>
    public int UnansweredCount => Volatile.Read(ref _unanswered);
    private int _unanswered;

    /// <summary>
    /// A request timed out. While nothing has been answered, a run stops once there have been as many such timeouts as
    /// connections: waiting out every remaining request's timeout against a target that accepts and never answers
    /// would turn `-n 100 --timeout 2s` into minutes of learning nothing new.
    /// </summary>
    public void TimedOut()
    {
        if (!Answered && Interlocked.Increment(ref _unanswered) >= Options.Connections) StopUnanswered();
    }

    /// <summary>A response arrived; written once so the connections do not share a dirty cache line.</summary>
    public void Responded()
    {
        if (!Answered) Answered = true;
    }

    private void StopUnanswered()
    {
        StoppedUnanswered = true;
        Stopping = true;
    }

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
