using HdrHistogram;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// What one thread of the generator counted: responses by status, failures by kind, and latencies in an
/// HdrHistogram <see cref="Recorder"/> (a socket loop's own: one writer, no lock, no shared cache line), read once a
/// second for progress and merged at the end.
/// </summary>
internal sealed class LoadTally
{
    /// <param name="latency">This thread's recorder, or one recorder over a concurrent histogram that several tasks share.</param>
    public LoadTally(Recorder latency) => Latency = latency;

    public readonly long[] Statuses = new long[600];
    public readonly Recorder Latency;
    public long Timeouts, ConnectionErrors, ProtocolErrors, LastCompletionTicks;
    /// <summary>Measured requests finished (answered or failed); read by the progress line.</summary>
    public long Completed;

    public long ErrorCount
    {
        get
        {
            var errors = Timeouts + ConnectionErrors + ProtocolErrors;
            for (var code = 400; code < Statuses.Length; code++) errors += Statuses[code];
            return errors;
        }
    }

    public void Response(int status, long latencyMicroseconds, long endTicks)
    {
        Latency.RecordValue(latencyMicroseconds);
        Statuses[status]++;
        LastCompletionTicks = endTicks;
        Volatile.Write(ref Completed, Completed + 1);
    }

    public void Failure(Exception error, bool timedOut, long nowTicks)
    {
        if (timedOut || error is TimeoutException) Timeouts++;
        else if (error is HttpProtocolException) ProtocolErrors++;
        else ConnectionErrors++;
        LastCompletionTicks = nowTicks;
        Volatile.Write(ref Completed, Completed + 1);
    }
}
