using System.Diagnostics;
using System.Net.Sockets;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// One https connection of the generator: TLS needs a stream, so these run as async tasks over
/// <see cref="Http1Connection"/> rather than in a <see cref="SocketLoop"/>. Only its own task writes its tally;
/// the generator's watchdog aborts a request that outlives the timeout.
/// </summary>
internal sealed class StreamWorker(LoadSchedule schedule, LoadTally tally)
{
    public LoadTally Tally { get; } = tally;
    public volatile Http1Connection? Connection;
    public volatile bool TimedOut;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = schedule.Options;
        var buffer = schedule.FixedRequest is null ? new byte[schedule.Template.MaxLength] : Array.Empty<byte>();
        try
        {
            while (!schedule.Stopping)
            {
                if (!schedule.TryTake(Stopwatch.GetTimestamp(), out var due, out var measured)) break;
                var wait = due - Stopwatch.GetTimestamp();
                // Sleep until about 1 ms before it is due; a request sent that little early is timed from its real
                // send time, so sending early never flatters the figures.
                if (wait > Stopwatch.Frequency / 500)
                    await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency) - TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                var request = schedule.NextRequest(buffer);
                var connection = Connection;
                try
                {
                    if (connection is null)
                    {
                        connection = await Http1Connection.ConnectAsync(options.Url, options.RequestTimeout, options.InsecureTls, cancellationToken).ConfigureAwait(false);
                        Connection = connection;
                    }
                    var sent = Stopwatch.GetTimestamp();
                    var status = await connection.ExchangeAsync(request, schedule.IsHead).ConfigureAwait(false);
                    var end = Stopwatch.GetTimestamp();
                    schedule.Responded();
                    if (!connection.KeepAlive) Drop();
                    if (measured) Tally.Response(status, schedule.Latency(due, sent, end), end);
                }
                catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
                {
                    var timedOut = TimedOut;
                    TimedOut = false;
                    Drop();
                    if (schedule.Stopping || cancellationToken.IsCancellationRequested) break;
                    if (measured) Tally.Failure(ex, timedOut, Stopwatch.GetTimestamp());
                    if (timedOut) schedule.TimedOut();
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
