using System.Buffers.Text;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// Reads HTTP/1.x responses from the bytes a connection received, in whatever pieces they arrive, without
/// allocating: the status line and the headers it needs (Content-Length, Transfer-Encoding, Connection), then the
/// body is counted off and discarded. Both connection kinds of the generator use it, so they agree on every response.
/// </summary>
internal sealed class ResponseParser
{
    /// <summary>Longest response head (and chunk-size line) accepted; the connection's buffer is this large.</summary>
    public const int MaxHeadLength = 16 * 1024;

    private enum Part { Head, Body, ChunkSize, ChunkData, Trailer, UntilClose }

    private Part _part = Part.Head;
    private long _remaining;
    private int _status;

    /// <summary>The request in flight was HEAD: its response has no body whatever its headers say.</summary>
    public bool IsHead { get; set; }

    /// <summary>False when the last response asked to close the connection (or is read up to the close).</summary>
    public bool KeepAlive { get; private set; } = true;

    /// <summary>
    /// Consumes from <paramref name="data"/> what belongs to the response being read and returns its status code
    /// once it is complete (interim 1xx responses are passed over), or 0 when more bytes are needed.
    /// Throws <see cref="HttpProtocolException"/> for bytes that are not an HTTP/1.x response.
    /// </summary>
    public int Parse(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            var rest = data[consumed..];
            switch (_part)
            {
                case Part.Head:
                {
                    var end = rest.IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        if (rest.Length >= MaxHeadLength) throw new HttpProtocolException("response headers are larger than 16 KB");
                        return 0;
                    }
                    _status = ParseHead(rest[..end], out var length, out var chunked, out var close);
                    consumed += end + 4;
                    KeepAlive = !close;
                    if (_status is >= 100 and < 200 and not 101) continue; // interim (100 Continue): the real one follows
                    if (IsHead || _status is 204 or 304 or 101) return Done();
                    if (chunked) _part = Part.ChunkSize;
                    else if (length >= 0) { _remaining = length; _part = Part.Body; }
                    else { KeepAlive = false; _part = Part.UntilClose; } // no length: the body runs to the close
                    continue;
                }
                case Part.Body:
                case Part.ChunkData:
                {
                    var take = (int)Math.Min(_remaining, rest.Length);
                    consumed += take;
                    _remaining -= take;
                    if (_remaining > 0) return 0;
                    if (_part == Part.Body) return Done();
                    _part = Part.ChunkSize;
                    continue;
                }
                case Part.ChunkSize:
                {
                    var end = LineEnd(rest);
                    if (end < 0) return 0;
                    var size = ParseChunkSize(rest[..end]);
                    consumed += end + 2;
                    if (size == 0) _part = Part.Trailer;
                    else { _remaining = size + 2; _part = Part.ChunkData; } // data and its CRLF
                    continue;
                }
                case Part.Trailer:
                {
                    var end = LineEnd(rest);
                    if (end < 0) return 0;
                    consumed += end + 2;
                    if (end == 0) return Done(); // the empty line after the trailers
                    continue;
                }
                default: // UntilClose
                    consumed += rest.Length;
                    return 0;
            }
        }
    }

    /// <summary>The server closed the connection: the status of a response whose body ran to the close, else an error.</summary>
    public int Closed()
    {
        if (_part == Part.UntilClose) return Done();
        _part = Part.Head;
        throw new IOException("the server closed the connection before the response was complete");
    }

    /// <summary>Forgets a response read halfway (the connection was dropped).</summary>
    public void Reset()
    {
        _part = Part.Head;
        KeepAlive = true;
    }

    private int Done()
    {
        _part = Part.Head;
        return _status;
    }

    private static int LineEnd(ReadOnlySpan<byte> rest)
    {
        var end = rest.IndexOf("\r\n"u8);
        if (end < 0 && rest.Length >= MaxHeadLength) throw new HttpProtocolException("a chunk header is longer than 16 KB");
        return end;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var semi = line.IndexOf((byte)';');
        var hex = (semi < 0 ? line : line[..semi]).Trim((byte)' ');
        if (hex.Length is 0 or > 10 || !Utf8Parser.TryParse(hex, out long size, out var used, 'X') || used != hex.Length || size < 0)
            throw new HttpProtocolException("a chunk size is not a hexadecimal number");
        return size;
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
        if (status is < 100 or > 599 || statusLine[10] is < (byte)'0' or > (byte)'9' || statusLine[11] is < (byte)'0' or > (byte)'9')
            throw new HttpProtocolException("the status code is not a number from 100 to 599");
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
                if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
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
}

/// <summary>The response was not valid HTTP/1.x.</summary>
internal sealed class HttpProtocolException(string message) : IOException(message);
