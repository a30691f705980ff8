using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Readiness.Core.Checks.Load;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Load;

/// <summary>
/// The load generator against targets that are down or broken (issue 19): it tries the target first and sends
/// nothing more when it is down, every request and the whole test end by their timeouts, limits are named as they
/// are, and latency percentiles come only from requests that were answered.
/// </summary>
public sealed class LoadFaultTests
{
    private static async Task<CheckResult> Run(Dictionary<string, object?> parameters)
    {
        return await CheckHarness.RunCheckAsync("load", parameters, new CheckRun { Id = "load.x", Section = "Load", Timeout = TimeSpan.FromSeconds(120) });
    }

    /// <summary>A loopback listener that counts the connections it accepts and then either holds them silently or closes them.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = new();
        private int _accepted;

        public SilentServer(bool closeAtOnce)
        {
            _listener.Start(1000);
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    Socket socket;
                    try { socket = await _listener.AcceptSocketAsync(); } catch (Exception) { return; }
                    Interlocked.Increment(ref _accepted);
                    if (closeAtOnce) socket.Dispose();
                    else lock (_held) _held.Add(socket);
                }
            });
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        public int Accepted => Volatile.Read(ref _accepted);

        public void Dispose()
        {
            _listener.Stop();
            lock (_held) foreach (var s in _held) s.Dispose();
        }
    }

    [Fact]
    public async Task A_port_with_nothing_listening_is_an_error_after_one_connection_attempt()
    {
        var result = await Run(new() { ["url"] = $"http://127.0.0.1:{FreePort.Next()}/", ["connections"] = 64L, ["duration"] = "30s" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("could not be reached (Connection refused) after one connection attempt; no load was sent", result.Message);
        Assert.False(result.Evidence.ContainsKey("requests"), "no load figures for a test that sent nothing");
    }

    [Fact]
    public async Task A_target_that_closes_every_connection_gets_exactly_one_and_the_test_is_an_error()
    {
        using var server = new SilentServer(closeAtOnce: true);
        var result = await Run(new() { ["url"] = server.Url, ["connections"] = 64L, ["duration"] = "30s" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("after one connection attempt; no load was sent", result.Message);
        await Task.Delay(200); // an attempt the test made would have been accepted by now
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task A_blackhole_ends_after_the_request_timeout_not_after_the_request_count_and_names_the_timeout()
    {
        using var server = new SilentServer(closeAtOnce: false);
        var clock = Stopwatch.StartNew();
        var result = await Run(new() { ["url"] = server.Url, ["requests"] = 100L, ["connections"] = 1L, ["timeout"] = "2s" });
        clock.Stop();
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("no request was answered within the 2 s timeout, so the test stopped after 1 timed-out request", result.Message);
        Assert.Contains("no request completed", result.Message);
        Assert.Equal("1", result.Evidence["errors.timeout"]);
        Assert.Equal(1, server.Accepted);
        // 100 requests of 2 s each would be 200 s; the check's own timeout (120 s) was not what ended it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed.TotalSeconds:0.#} s");
    }

    [Fact]
    public async Task When_no_request_completed_the_percentiles_are_absent_not_zero()
    {
        using var server = new SilentServer(closeAtOnce: false);
        var summary = await LoadTest.RunAsync(new LoadTestRequest
        {
            // The request timeout also bounds the first connection: 200 ms was short enough for a loaded machine's
            // loopback connect to miss it, and a target not connected in time is "could not be reached" with no load.
            Options = new LoadOptions { Url = new Uri(server.Url), Connections = 3, Duration = TimeSpan.FromSeconds(2), RequestTimeout = TimeSpan.FromMilliseconds(600) },
            Thresholds = [Threshold.Parse("p95<50ms")],
        }, NullHost.Instance, CancellationToken.None);
        Assert.True(summary.Errors >= 3, $"{summary.Errors} errors: {summary}");
        Assert.Null(summary.P50Ms);
        Assert.Null(summary.P95Ms);
        Assert.Null(summary.P99Ms);
        Assert.Null(summary.MaxMs);
        Assert.Contains("no request completed", summary.ToString());
        Assert.False(summary.Passed);
        Assert.Equal("", summary.Thresholds.Single().Measured);

        var result = await Run(new() { ["url"] = server.Url, ["connections"] = 3L, ["duration"] = "1s", ["timeout"] = "200ms" });
        Assert.Equal("no request completed", result.Evidence["latency"]);
        Assert.False(result.Evidence.ContainsKey("p95Ms"));
        Assert.False(result.Evidence.ContainsKey("p99Ms"));
    }

    [Theory]
    [InlineData(3000L, "Connections must be from 1 to 2000, not 3000.")]
    [InlineData(0L, "Connections must be from 1 to 2000, not 0.")]
    public async Task A_connection_count_out_of_bounds_names_the_real_limit_and_the_number_given(long connections, string expected)
    {
        var result = await Run(new() { ["url"] = "http://127.0.0.1:9/", ["connections"] = connections, ["duration"] = "1s" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains(expected, result.Message);
    }

    [Fact]
    public async Task One_stall_under_a_fixed_rate_raises_the_open_model_p99_by_about_the_stall()
    {
        // The server answers at once except for one 600 ms freeze half a second in. At 50 req/s about 30 requests
        // are due during the freeze, and in the open model each counts from its due time: the p99 (the slowest 3 of
        // ~300) must show several hundred ms. The rate leaves 20 ms per request, so even a loaded machine catches up
        // after the freeze and the median stays that of an answering server. Timed from the send instead (what a closed-loop tool does), those
        // requests would look fast and the stall would hide in the max.
        var started = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalled = 0;
        await using var app = await KestrelReceiver.StartAsync(a => a.MapGet("/", async () =>
        {
            var clock = await started.Task;
            // One connection: the requests due during the freeze wait behind it, as they would behind a stalled server.
            if (clock.Elapsed > TimeSpan.FromMilliseconds(500) && Interlocked.Exchange(ref stalled, 1) == 0) await Task.Delay(600);
            return "ok";
        }));
        var options = new LoadOptions { Url = new Uri(app.Url("/")), Model = LoadModel.Open, Rate = 50, Connections = 1, Duration = TimeSpan.FromSeconds(6) };
        started.SetResult(Stopwatch.StartNew());
        var open = await LoadTest.RunAsync(new LoadTestRequest { Options = options }, NullHost.Instance, CancellationToken.None);

        Assert.Equal(0, open.Errors);
        Assert.True(open.MaxMs >= 550, $"max {open.MaxMs} ms: the stalled request itself");
        Assert.True(open.P99Ms >= 300, $"open-model p99 {open.P99Ms} ms should carry the requests that were due during the 600 ms stall");
        Assert.True(open.P50Ms < 100, $"p50 {open.P50Ms} ms: most requests were not near the stall");
    }
}
