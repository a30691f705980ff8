using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Readiness.Core.Checks.Tls;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Tls;

/// <summary>
/// Loopback listeners that break the handshake after the ClientHello. None of them says anything about protocol
/// versions, so none may produce a protocol verdict.
/// </summary>
public sealed class HandshakeFaultTests
{
    private enum Fault { Reset, Close, Silence }

    private sealed class FaultyListener : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = new();
        private readonly Task _loop;

        public FaultyListener(Fault fault)
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var socket = await _listener.AcceptSocketAsync();
                        _ = Task.Run(async () =>
                        {
                            try
                            {
                                var buffer = new byte[16384];
                                await socket.ReceiveAsync(buffer, SocketFlags.None); // the ClientHello
                                if (fault == Fault.Silence) { lock (_held) _held.Add(socket); return; }
                                if (fault == Fault.Reset) socket.LingerState = new LingerOption(true, 0);
                                socket.Close();
                            }
                            catch (Exception) { }
                        });
                    }
                }
                catch (Exception) { }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _loop;
            lock (_held) foreach (var s in _held) s.Dispose();
        }
    }

    private static Task<CheckResult> Probe(int port, string timeout = "5s") => RunAsync("tls", new()
    {
        ["url"] = $"https://127.0.0.1:{port}/", ["verify"] = List("protocols"), ["timeout"] = timeout,
    });

    [Fact]
    public async Task A_reset_after_the_client_hello_is_an_error_not_tls13_not_offered()
    {
        await using var listener = new FaultyListener(Fault.Reset);
        var result = await Probe(listener.Port);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal($"127.0.0.1:{listener.Port} did not complete a handshake: Connection reset by peer.", result.Message);
        Assert.DoesNotContain("not offered", result.Message);
    }

    [Fact]
    public async Task A_close_after_the_client_hello_is_an_error_not_a_refusal()
    {
        await using var listener = new FaultyListener(Fault.Close);
        var result = await Probe(listener.Port);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.StartsWith($"127.0.0.1:{listener.Port} did not complete a handshake", result.Message);
        Assert.DoesNotContain("not offered", result.Message);
    }

    [Fact]
    public async Task Silence_after_the_client_hello_is_an_error_bounded_by_the_timeout()
    {
        await using var listener = new FaultyListener(Fault.Silence);
        var clock = Stopwatch.StartNew();
        var result = await Probe(listener.Port, "1s");
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("did not answer a TLS handshake", result.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Openssl_reporting_a_reset_or_eof_is_interrupted_not_refused()
    {
        Assert.Equal(ProbeOutcome.Interrupted, ProtocolProbe.Interpret(TlsVersion.Tls10, "write:errno=104\n").Outcome);
        Assert.Equal(ProbeOutcome.Interrupted, ProtocolProbe.Interpret(TlsVersion.Tls11,
            "40F7:error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:692:\n").Outcome);
        Assert.Equal(ProbeOutcome.Interrupted, ProtocolProbe.Interpret(TlsVersion.Tls10, "").Outcome);
    }
}
