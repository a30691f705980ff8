using System.Globalization;
using System.Net.Sockets;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// What a load test does first: one connection and one request, together bounded by the request timeout. A target
/// that is down (nothing listening, no answer, a refused TLS handshake, bytes that are not HTTP) is reported at once
/// and nothing more is sent; any HTTP response, even a 503, means the target is there to be measured.
/// </summary>
internal static class TargetProbe
{
    /// <summary>Null when the target answered; otherwise why it could not be reached, for the Error message.</summary>
    public static async Task<string?> TryAsync(LoadOptions options, CancellationToken cancellationToken)
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
            connection = await Http1Connection.ConnectAsync(options.Url, timeout, options.InsecureTls, limit.Token).ConfigureAwait(false);
            await using var abort = limit.Token.Register(connection.Abort).ConfigureAwait(false);
            await connection.ExchangeAsync(request.AsMemory(0, length), template.Method == "HEAD").ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (limit.IsCancellationRequested || ex is TimeoutException))
        {
            return string.Create(CultureInfo.InvariantCulture, $"no response to a first request within {timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException ex) { return ex.Message; }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            return ex.Message;
        }
        finally { connection?.Dispose(); }
    }
}
