using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// What a load test does first: one connection and one request, together bounded by the request timeout. A target
/// that is down (nothing listening, a refused TLS handshake, a close or bytes that are not HTTP) is reported at once
/// and nothing more is sent; any HTTP response, even a 503, means the target is there to be measured. A target that
/// accepts the connection but does not answer in time is there but unresponsive: the test goes on, counts that
/// request as its first timeout, and stops as soon as each connection has timed out too (see <see cref="LoadSchedule"/>).
/// The probe is the test's first request: without a warm-up it is measured and counts toward a request count, so
/// `-n 300` sends 300 requests in all.
/// </summary>
internal static class TargetProbe
{
    /// <param name="Down">Why the target could not be reached, for the Error message; null when it was.</param>
    /// <param name="Unanswered">The target accepted the connection and the request but gave no response within the timeout.</param>
    /// <param name="Status">The response's status code when there was one.</param>
    /// <param name="LatencyMicroseconds">From sending the request to its response's last byte (the connect not included).</param>
    public readonly record struct Outcome(string? Down, bool Unanswered, int Status = 0, long LatencyMicroseconds = 0);

    public static async Task<Outcome> TryAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var template = new RequestTemplate(options.Url, options.Method, options.Headers, options.Body);
        var request = new byte[template.MaxLength];
        var length = template.Write(request, 0);
        var timeout = options.RequestTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        Http1Connection? connection = null;
        try
        {
            try
            {
                connection = await Http1Connection.ConnectAsync(options.Url, timeout, options.InsecureTls, limit.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (limit.IsCancellationRequested || ex is TimeoutException))
            {
                return new(string.Create(CultureInfo.InvariantCulture, $"no connection within the {Seconds(timeout)} s timeout"), false);
            }
            await using var abort = limit.Token.Register(connection.Abort).ConfigureAwait(false);
            var sent = Stopwatch.GetTimestamp();
            int status;
            try
            {
                status = await connection.ExchangeAsync(request.AsMemory(0, length), template.Method == "HEAD").ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && limit.IsCancellationRequested)
            {
                return new(null, true);
            }
            return new(null, false, status, (long)((Stopwatch.GetTimestamp() - sent) * LoadSchedule.MicrosecondsPerTick));
        }
        catch (SocketException ex) { return new(ex.Message, false); }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            return new(ex.Message, false);
        }
        finally { connection?.Dispose(); }
    }

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
