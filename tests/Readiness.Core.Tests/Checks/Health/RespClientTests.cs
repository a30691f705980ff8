using System.Net;
using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Health;

namespace Readiness.Core.Tests.Checks.Health;

public sealed class RespClientTests
{
    /// <summary>Serves <paramref name="reply"/> to the first connection, then closes it.</summary>
    private static async Task<object?> ReplyWith(byte[] reply)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[1024];
            await socket.ReceiveAsync(buffer);
            await socket.SendAsync(reply);
            socket.Shutdown(SocketShutdown.Both);
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var client = await RespClient.ConnectAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, cts.Token);
        try { return await client.CommandAsync(cts.Token, "PING"); }
        finally { await serve; }
    }

    [Theory]
    [InlineData("+PONG\r\n", "PONG")]
    [InlineData("$5\r\nhello\r\n", "hello")]
    [InlineData(":42\r\n", 42L)]
    public async Task Replies_of_each_type_are_read(string wire, object expected) =>
        Assert.Equal(expected, await ReplyWith(Encoding.UTF8.GetBytes(wire)));

    [Fact]
    public async Task Arrays_and_errors_are_read()
    {
        var array = (object?[])(await ReplyWith("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n"u8.ToArray()))!;
        Assert.Equal("master", array[0]);
        var error = await Assert.ThrowsAsync<RedisErrorReply>(() => ReplyWith("-WRONGPASS invalid username-password pair\r\n"u8.ToArray()));
        Assert.StartsWith("WRONGPASS", error.Message);
    }

    [Fact]
    public void Arbitrary_replies_end_in_a_value_or_a_protocol_error_never_anything_else()
    {
        var fragments = Gen.Elements("+OK", "-ERR x", ":1", ":x", "$3", "$-1", "$99999999", "*2", "*-1", "*", "abc", "\r\n", "\r", "\n", "$", "-", "?")
            .ArrayOf().Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));
        Prop.ForAll(fragments.ToArbitrary(), bytes =>
        {
            try { ReplyWith(bytes).GetAwaiter().GetResult(); }
            catch (RespProtocolException) { }
            catch (RedisErrorReply) { }
            catch (IOException) { }
            catch (SocketException) { }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }
}
