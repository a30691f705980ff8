using System.Net.Sockets;
using System.Text;

namespace Readiness.Core.Checks.Health;

/// <summary>A Redis error reply (-ERR ..., -WRONGPASS ..., -NOAUTH ...).</summary>
public sealed class RedisErrorReply(string message) : Exception(message);

/// <summary>The server sent something that is not RESP.</summary>
public sealed class RespProtocolException(string message) : Exception(message);

/// <summary>
/// The smallest RESP2 client that answers "is Redis reachable, does it accept our credentials, what is it":
/// AUTH, PING, ROLE, INFO. StackExchange.Redis cannot be restored here, and these four commands need no more.
/// Every read honours the cancellation token, so a server that accepts and stays silent cannot hang a run.
/// </summary>
public sealed class RespClient : IAsyncDisposable
{
    private const int MaxBulk = 16 * 1024 * 1024;
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start, _end;

    private RespClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RespClient> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new RespClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and returns its reply: string, long, null, or object?[] for arrays.</summary>
    public async Task<object?> CommandAsync(CancellationToken cancellationToken, params string[] args)
    {
        var sb = new StringBuilder();
        sb.Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args) sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        var reply = await ReadReplyAsync(cancellationToken, 0).ConfigureAwait(false);
        return reply is RedisErrorReply error ? throw error : reply;
    }

    private async Task<object?> ReadReplyAsync(CancellationToken ct, int depth)
    {
        if (depth > 32) throw new RespProtocolException("reply nested too deeply");
        var line = await ReadLineAsync(ct).ConfigureAwait(false);
        if (line.Length == 0) throw new RespProtocolException("empty reply line");
        var body = line[1..];
        switch (line[0])
        {
            case '+': return body;
            case '-': return new RedisErrorReply(body);
            case ':': return long.TryParse(body, out var n) ? n : throw new RespProtocolException($"bad integer reply '{body}'");
            case '$':
                if (!int.TryParse(body, out var length) || length < -1 || length > MaxBulk) throw new RespProtocolException($"bad bulk length '{body}'");
                if (length == -1) return null;
                var data = await ReadExactAsync(length + 2, ct).ConfigureAwait(false);
                return Encoding.UTF8.GetString(data, 0, length);
            case '*':
                if (!int.TryParse(body, out var count) || count < -1 || count > 1_000_000) throw new RespProtocolException($"bad array length '{body}'");
                if (count == -1) return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    var item = await ReadReplyAsync(ct, depth + 1).ConfigureAwait(false);
                    items[i] = item is RedisErrorReply e ? e.Message : item;
                }
                return items;
            default:
                throw new RespProtocolException($"unexpected reply type '{line[0]}' (is this a Redis server?)");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (_start == _end) await FillAsync(ct).ConfigureAwait(false);
            var b = _buffer[_start++];
            if (b == '\r')
            {
                if (_start == _end) await FillAsync(ct).ConfigureAwait(false);
                if (_buffer[_start++] != '\n') throw new RespProtocolException("line not terminated by CRLF");
                return sb.ToString();
            }
            if (sb.Length > 64 * 1024) throw new RespProtocolException("reply line too long");
            sb.Append((char)b);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken ct)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end) await FillAsync(ct).ConfigureAwait(false);
            var take = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, filled, take);
            _start += take;
            filled += take;
        }
        return result;
    }

    private async Task FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
        if (_end == 0) throw new RespProtocolException("the server closed the connection");
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
