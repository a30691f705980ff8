using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Load;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Load;

/// <summary>The load generator's HTTP/1.1 response reader, fed recorded and arbitrary server bytes.</summary>
public sealed class Http1ConnectionTests
{
    private static readonly byte[] Request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();

    /// <summary>Reads come from the given bytes (in small pieces, as a network would deliver them); writes are dropped.</summary>
    private sealed class ScriptedStream(byte[] input, int piece) : Stream
    {
        private int _at;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, piece), input.Length - _at);
            Array.Copy(input, _at, buffer, offset, n);
            _at += n;
            return n;
        }
        public override void Write(byte[] buffer, int offset, int count) { }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _at; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static async Task<List<int>> ReadAll(string responses, int piece = 7)
    {
        using var c = Http1Connection.Over(new ScriptedStream(Encoding.ASCII.GetBytes(responses), piece));
        var statuses = new List<int>();
        while (statuses.Count < 10)
        {
            try { statuses.Add(await c.ExchangeAsync(Request, isHead: false)); }
            catch (IOException) { break; }
            if (!c.KeepAlive) break;
        }
        return statuses;
    }

    [Fact]
    public async Task Content_length_chunked_and_interim_responses_are_read_one_after_another_on_one_connection()
    {
        var statuses = await ReadAll(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" +
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n" +
            "HTTP/1.1 503 Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n3\r\nxyz\r\n0\r\nTrailer: t\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\n\r\n" +
            "HTTP/1.1 429 Too Many\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno");
        Assert.Equal(new[] { 200, 201, 503, 204, 429 }, statuses);
    }

    [Fact]
    public async Task A_response_without_length_runs_to_the_end_of_the_connection()
    {
        using var c = Http1Connection.Over(new ScriptedStream("HTTP/1.0 200 OK\r\n\r\nbody until close"u8.ToArray(), 3));
        Assert.Equal(200, await c.ExchangeAsync(Request, isHead: false));
        Assert.False(c.KeepAlive);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "HTTP/1.x status line")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n", "status code")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n", "Content-Length is not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "closed the connection")]
    public async Task A_malformed_or_cut_response_is_an_IO_error_naming_the_problem(string response, string expected)
    {
        using var c = Http1Connection.Over(new ScriptedStream(Encoding.ASCII.GetBytes(response), 5));
        var ex = await Assert.ThrowsAnyAsync<IOException>(async () => await c.ExchangeAsync(Request, isHead: false));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Arbitrary_server_bytes_give_a_status_or_an_IO_error_and_nothing_else()
    {
        var tokens = Gen.Elements("HTTP/1.1 ", "HTTP/1.0 ", "200 OK", "100", "204", "\r\n", "\r\n\r\n", "Content-Length: ", "5", "-1",
            "99999999999999999999", "Transfer-Encoding: chunked", "Connection: close", "0\r\n", "ff\r\n", "zz\r\n", ";", "abc", ":", " ")
            .ArrayOf().Select(t => string.Concat(t));
        foreach (var gen in new[] { tokens, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), Gen.Choose(1, 64).ToArbitrary(), (text, piece) =>
            {
                var statuses = ReadAll(text ?? "", piece).GetAwaiter().GetResult();
                return statuses.All(s => s is >= 100 and <= 599);
            }).Check(PropertyRuns.Fixed());
    }
}
