using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Load;
using Readiness.Core.Tests.Fixtures;
using HttpProtocolException = Readiness.Core.Checks.Load.HttpProtocolException;

namespace Readiness.Core.Tests.Checks.Load;

/// <summary>
/// The generator's response reader, fed whole conversations of keep-alive responses cut into arbitrary pieces, as a
/// socket delivers them: it must find every response, in order, whatever the framing and wherever the cuts fall.
/// </summary>
public sealed class ResponseParserTests
{
    /// <summary>One response a server could send; its body repeats bytes that look like HTTP framing, to mislead a sloppy reader.</summary>
    public sealed record Response(int Status, int BodyLength, bool Chunked, int ChunkSize, bool Interim, bool LowerCaseHeaders, bool Trailer)
    {
        private static readonly byte[] Decoy = "HTTP/1.1 500 X\r\n\r\n0\r\n\r\nContent-Length: 9\r\n"u8.ToArray();

        public bool HasBody => Status is not (204 or 304);

        public byte[] Encode()
        {
            var text = new StringBuilder();
            if (Interim) text.Append("HTTP/1.1 100 Continue\r\n\r\n");
            text.Append($"HTTP/1.1 {Status} Reason\r\n").Append(LowerCaseHeaders ? "server: t\r\n" : "Server: t\r\n");
            var body = Enumerable.Range(0, HasBody ? BodyLength : 0).Select(i => Decoy[i % Decoy.Length]).ToArray();
            using var bytes = new MemoryStream();
            if (!HasBody)
            {
                bytes.Write(Encoding.ASCII.GetBytes(text.Append("\r\n").ToString()));
                return bytes.ToArray();
            }
            if (!Chunked)
            {
                text.Append(LowerCaseHeaders ? "content-length: " : "Content-Length: ").Append(body.Length).Append("\r\n\r\n");
                bytes.Write(Encoding.ASCII.GetBytes(text.ToString()));
                bytes.Write(body);
                return bytes.ToArray();
            }
            text.Append(LowerCaseHeaders ? "transfer-encoding: chunked\r\n\r\n" : "Transfer-Encoding: chunked\r\n\r\n");
            bytes.Write(Encoding.ASCII.GetBytes(text.ToString()));
            for (var at = 0; at < body.Length; at += ChunkSize)
            {
                var piece = body.AsSpan(at, Math.Min(ChunkSize, body.Length - at));
                bytes.Write(Encoding.ASCII.GetBytes($"{piece.Length:x}{(at == 0 ? ";ext=1" : "")}\r\n"));
                bytes.Write(piece);
                bytes.Write("\r\n"u8);
            }
            bytes.Write(Encoding.ASCII.GetBytes(Trailer ? "0\r\nX-Trailer: y\r\n\r\n" : "0\r\n\r\n"));
            return bytes.ToArray();
        }
    }

    private static readonly Gen<Response> Responses =
        from status in Gen.Elements(200, 201, 204, 304, 404, 503)
        from length in Gen.Choose(0, 3000)
        from chunked in Gen.Elements(false, true)
        from chunkSize in Gen.Choose(1, 700)
        from interim in Gen.Elements(false, false, true)
        from lower in Gen.Elements(false, true)
        from trailer in Gen.Elements(false, true)
        select new Response(status, length, chunked, chunkSize, interim, lower, trailer);

    /// <summary>
    /// Feeds <paramref name="wire"/> in pieces of the given sizes (cycled) as a connection does: bytes the parser has
    /// not consumed stay and the next piece is appended. Every status found, in order; then the close, when asked.
    /// </summary>
    private static List<int> Feed(byte[] wire, int[] pieces, bool closeAtEnd, out int unconsumed)
    {
        var parser = new ResponseParser();
        var pending = new List<byte>();
        var statuses = new List<int>();
        for (int at = 0, i = 0; at < wire.Length; i++)
        {
            var n = Math.Min(pieces.Length == 0 ? wire.Length : Math.Max(1, pieces[i % pieces.Length]), wire.Length - at);
            pending.AddRange(wire.AsSpan(at, n).ToArray());
            at += n;
            while (true)
            {
                var status = parser.Parse(pending.ToArray(), out var used);
                pending.RemoveRange(0, used);
                if (status == 0) break;
                statuses.Add(status);
            }
        }
        if (closeAtEnd) statuses.Add(parser.Closed());
        unconsumed = pending.Count;
        return statuses;
    }

    [Fact]
    public void Content_length_and_chunked_responses_split_anywhere_are_each_read_once_in_order()
    {
        Prop.ForAll(Responses.ArrayOf().ToArbitrary(), Gen.Choose(1, 900).ArrayOf().ToArbitrary(), (responses, pieces) =>
        {
            var wire = responses.SelectMany(r => r.Encode()).ToArray();
            var statuses = Feed(wire, pieces, closeAtEnd: false, out var unconsumed);
            return statuses.SequenceEqual(responses.Select(r => r.Status)) && unconsumed == 0;
        }).Check(PropertyRuns.Fixed(300));
    }

    [Fact]
    public void A_last_response_without_a_length_ends_at_the_close_after_any_keep_alive_ones()
    {
        Prop.ForAll(Responses.ArrayOf().ToArbitrary(), Gen.Choose(1, 900).ArrayOf().ToArbitrary(), Gen.Choose(0, 5000).ToArbitrary(),
            (responses, pieces, tail) =>
            {
                var untilClose = Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\n" + new string('b', tail));
                var wire = responses.SelectMany(r => r.Encode()).Concat(untilClose).ToArray();
                var statuses = Feed(wire, pieces, closeAtEnd: true, out _);
                return statuses.SequenceEqual(responses.Select(r => r.Status).Append(200));
            }).Check(PropertyRuns.Fixed(200));
    }

    [Fact]
    public void A_response_to_HEAD_has_no_body_whatever_its_content_length_says()
    {
        var parser = new ResponseParser { IsHead = true };
        var wire = "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 12\r\n\r\n"u8.ToArray();
        Assert.Equal(200, parser.Parse(wire, out var used));
        Assert.Equal(404, parser.Parse(wire.AsSpan(used), out var second));
        Assert.Equal(wire.Length, used + second);
    }

    [Fact]
    public void Connection_close_and_HTTP_1_0_end_keep_alive_and_an_explicit_keep_alive_keeps_it()
    {
        var parser = new ResponseParser();
        parser.Parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"u8, out _);
        Assert.False(parser.KeepAlive);
        parser.Parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"u8, out _);
        Assert.False(parser.KeepAlive);
        parser.Parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"u8, out _);
        Assert.True(parser.KeepAlive);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "HTTP/1.x status line")]
    [InlineData("HTTP/2 200\r\n\r\n", "HTTP/1.x status line")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n", "status code is not a number")]
    [InlineData("HTTP/1.1 700 Odd\r\n\r\n", "status code is not a number from 100 to 599")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n", "Content-Length is not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", "Content-Length is not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size is not a hexadecimal number")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", "chunk size is not a hexadecimal number")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "chunk size is not a hexadecimal number")]
    public void Malformed_responses_are_protocol_errors_naming_what_is_wrong(string response, string expected)
    {
        var parser = new ResponseParser();
        var ex = Assert.Throws<HttpProtocolException>(() => parser.Parse(Encoding.ASCII.GetBytes(response), out _));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Headers_that_never_end_are_refused_at_16_KB_rather_than_buffered_forever()
    {
        var parser = new ResponseParser();
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-Filler: aaaaaaaaaaaaaaaa\r\n", 700)));
        Assert.True(head.Length > ResponseParser.MaxHeadLength);
        var ex = Assert.Throws<HttpProtocolException>(() => parser.Parse(head, out _));
        Assert.Contains("larger than 16 KB", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")]
    public void A_close_before_the_response_is_complete_is_an_IO_error(string received)
    {
        var parser = new ResponseParser();
        var bytes = Encoding.ASCII.GetBytes(received);
        Assert.Equal(0, parser.Parse(bytes, out _));
        var ex = Assert.Throws<IOException>(() => parser.Closed());
        Assert.Contains("closed the connection before the response was complete", ex.Message);
    }
}
