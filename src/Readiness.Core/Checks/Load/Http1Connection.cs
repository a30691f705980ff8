using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// A minimal keep-alive HTTP/1.1 client connection over a stream (https targets, and the probe before a test):
/// writes a prepared request and reads the response with <see cref="ResponseParser"/>. Plain-http load goes through
/// <see cref="SocketLoop"/> instead, which drives many sockets from one thread.
/// Timeouts are enforced from outside: <see cref="Abort"/> closes the socket and the pending read fails.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[ResponseParser.MaxHeadLength];
    private readonly ResponseParser _parser = new();
    private int _start, _end;
    private volatile bool _aborted;

    /// <summary>Stopwatch timestamp when the request in flight was sent; 0 when idle. Read by the watchdog.</summary>
    public long InFlightSince;

    private Http1Connection(Socket? socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>Over any duplex stream (tests feed it recorded or arbitrary responses).</summary>
    internal static Http1Connection Over(Stream stream) => new(null, stream);

    public bool KeepAlive { get; private set; } = true;
    public bool Aborted => _aborted;

    public static async Task<Http1Connection> ConnectAsync(Uri url, TimeSpan timeout, bool insecureTls, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, limit.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = url.Host,
                    ApplicationProtocols = new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 },
                    RemoteCertificateValidationCallback = insecureTls ? (_, _, _, _) => true : null,
                }, limit.Token).ConfigureAwait(false);
                stream = ssl;
            }
            return new Http1Connection(socket, stream);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {url.Host}:{url.Port} took longer than {timeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and reads its whole response; returns the status code.
    /// The pooling builder keeps the per-request async state machine from being allocated.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> request, bool isHead)
    {
        InFlightSince = Stopwatch.GetTimestamp();
        _parser.IsHead = isHead;
        try
        {
            await _stream.WriteAsync(request).ConfigureAwait(false);
            while (true)
            {
                if (_start < _end)
                {
                    var status = _parser.Parse(_buffer.AsSpan(_start, _end - _start), out var used);
                    _start += used;
                    if (status != 0)
                    {
                        KeepAlive = _parser.KeepAlive;
                        return status;
                    }
                }
                if (_start == _end) _start = _end = 0;
                else if (_end == _buffer.Length)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                var read = await _stream.ReadAsync(_buffer.AsMemory(_end)).ConfigureAwait(false);
                if (read == 0)
                {
                    KeepAlive = false;
                    return _parser.Closed();
                }
                _end += read;
            }
        }
        finally { InFlightSince = 0; }
    }

    /// <summary>Closes the socket so a pending read or write fails at once (timeout or end of the run).</summary>
    public void Abort()
    {
        _aborted = true;
        try { if (_socket is null) _stream.Dispose(); else _socket.Dispose(); } catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _aborted = true;
        _stream.Dispose();
    }
}
