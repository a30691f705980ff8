using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// A minimal keep-alive HTTP/1.1 client connection for the load generator: writes a prepared request, reads the
/// status line and the headers it needs (Content-Length, Transfer-Encoding, Connection) and discards the body.
/// It exists because HttpClient's per-request allocations cost a large share of the rate on a 2-core machine.
/// Timeouts are enforced from outside: <see cref="Abort"/> closes the socket and the pending read fails.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
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
    /// The pooling builders keep the per-request async state machines from being allocated.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> request, bool isHead)
    {
        InFlightSince = Stopwatch.GetTimestamp();
        try
        {
            await _stream.WriteAsync(request).ConfigureAwait(false);
            while (true)
            {
                var status = await ReadResponseAsync(isHead).ConfigureAwait(false);
                if (status is >= 100 and < 200 and not 101) continue; // interim (100 Continue): the real one follows
                return status;
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

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadResponseAsync(bool isHead)
    {
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_start == 0 && _end == BufferSize) throw new HttpProtocolException("response headers are larger than 16 KB");
            await FillAsync().ConfigureAwait(false);
        }
        var head = _buffer.AsSpan(_start, headerEnd);
        var status = ParseHead(head, out var contentLength, out var chunked, out var close);
        _start += headerEnd + 4;
        KeepAlive = !close;

        if (isHead || status is 204 or 304 || status is >= 100 and < 200) return status;
        if (chunked) await SkipChunkedAsync().ConfigureAwait(false);
        else if (contentLength >= 0) await SkipAsync(contentLength).ConfigureAwait(false);
        else
        {
            // No length: the body runs to the end of the connection.
            KeepAlive = false;
            _start = _end = 0;
            while (await ReadSomeAsync().ConfigureAwait(false) > 0) _start = _end = 0;
        }
        return status;
    }

    private static int ParseHead(ReadOnlySpan<byte> head, out long contentLength, out bool chunked, out bool close)
    {
        contentLength = -1;
        chunked = false;
        close = false;
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' ')
            throw new HttpProtocolException("the response does not start with an HTTP/1.x status line");
        var status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
        if (status is < 100 or > 599) throw new HttpProtocolException("the status code is not a number from 100 to 599");
        if (statusLine[7] == (byte)'0') close = true; // HTTP/1.0 closes unless told otherwise
        var rest = lineEnd < 0 ? ReadOnlySpan<byte>.Empty : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlySpan<byte>.Empty : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!System.Buffers.Text.Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                    throw new HttpProtocolException("Content-Length is not a number");
                contentLength = length;
            }
            else if (name.Length == 17 && System.Text.Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
                chunked = ContainsIgnoreCase(value, "chunked"u8);
            else if (name.Length == 10 && System.Text.Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                if (ContainsIgnoreCase(value, "close"u8)) close = true;
                else if (ContainsIgnoreCase(value, "keep-alive"u8)) close = false;
            }
        }
        return status;
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> word)
    {
        for (var i = 0; i + word.Length <= value.Length; i++)
            if (System.Text.Ascii.EqualsIgnoreCase(value.Slice(i, word.Length), word)) return true;
        return false;
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end) await FillAsync().ConfigureAwait(false);
            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async ValueTask SkipChunkedAsync()
    {
        while (true)
        {
            var line = await ReadLineAsync().ConfigureAwait(false);
            var semi = line.IndexOf(';');
            var hex = (semi < 0 ? line : line[..semi]).Trim();
            if (!long.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out var size) || size < 0 || size > 1L << 40)
                throw new HttpProtocolException("a chunk size is not a hexadecimal number");
            if (size == 0)
            {
                while ((await ReadLineAsync().ConfigureAwait(false)).Length > 0) { } // trailers up to the empty line
                return;
            }
            await SkipAsync(size + 2).ConfigureAwait(false); // data and its CRLF
        }
    }

    private async ValueTask<string> ReadLineAsync()
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            if (_start == 0 && _end == BufferSize) throw new HttpProtocolException("a chunk header is longer than 16 KB");
            await FillAsync().ConfigureAwait(false);
        }
        var text = System.Text.Encoding.ASCII.GetString(_buffer, _start, end);
        _start += end + 2;
        return text;
    }

    /// <summary>Reads more bytes after the unread ones; throws when the server closed the connection.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync()
    {
        if (await ReadSomeAsync().ConfigureAwait(false) == 0)
            throw new IOException("the server closed the connection before the response was complete");
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadSomeAsync()
    {
        if (_start == _end) _start = _end = 0;
        else if (_end == BufferSize)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end, BufferSize - _end)).ConfigureAwait(false);
        _end += read;
        return read;
    }
}

/// <summary>The response was not valid HTTP/1.x.</summary>
internal sealed class HttpProtocolException(string message) : IOException(message);
