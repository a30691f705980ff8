using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Xunit;

namespace Readiness.Cli.Tests.Commands;

/// <summary>`readiness load`: summary on stdout, exit 0 when the thresholds hold, 1 when one breaks, 2 for a bad threshold.</summary>
public sealed class LoadCommandTests
{
    [Fact]
    public async Task A_healthy_endpoint_passes_and_a_broken_threshold_exits_1()
    {
        // A minimal keep-alive HTTP/1.1 server on loopback: every request gets "200 ok".
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stop.Token); } catch (OperationCanceledException) { return; }
                _ = Task.Run(async () =>
                {
                    using var c = client;
                    var stream = c.GetStream();
                    var buffer = new byte[4096];
                    var pending = "";
                    var response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    try
                    {
                        int n;
                        while ((n = await stream.ReadAsync(buffer, stop.Token)) > 0)
                        {
                            pending += Encoding.ASCII.GetString(buffer, 0, n);
                            int end;
                            while ((end = pending.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                            {
                                pending = pending[(end + 4)..];
                                await stream.WriteAsync(response, stop.Token);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is IOException or OperationCanceledException) { }
                });
            }
        });
        try
        {
            var url = $"http://127.0.0.1:{port}/";
            var ok = CliRunner.Invoke(Path.GetTempPath(), "load", url, "-n", "200", "-c", "2", "-t", "errors<1%");
            Assert.Equal(0, ok.ExitCode);
            Assert.Contains("Passed:", ok.Out);
            Assert.Contains("requests 200, errors 0", ok.Out);

            var broken = CliRunner.Invoke(Path.GetTempPath(), "load", url, "-n", "50", "-t", "max<1us");
            Assert.Equal(1, broken.ExitCode);
            Assert.Contains("BROKEN max<1us", broken.Out);

            // --format json: names as declared, enums as names, default escaping, as the reflection serializer wrote it.
            var json = CliRunner.Invoke(Path.GetTempPath(), "load", url, "-n", "50", "-c", "2", "-t", "p95<10s", "-f", "json");
            Assert.Equal(0, json.ExitCode);
            Assert.Contains("\"Status\": \"Passed\"", json.Out);
            Assert.Contains("\"Threshold\": \"p95\\u003C10s\"", json.Out);
            var reflection = new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter() }, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
            var read = JsonSerializer.Deserialize<LoadJson>(json.Out, reflection)!;
            Assert.Equal(50, read.summary.Requests);
            Assert.Equal(JsonSerializer.Serialize(new { read.summary, read.result }, reflection) + Environment.NewLine, json.Out);
        }
        finally
        {
            stop.Cancel();
            await server;
        }
    }

    [Fact]
    public void A_malformed_threshold_is_a_usage_error_naming_it()
    {
        var run = CliRunner.Invoke(Path.GetTempPath(), "load", "http://127.0.0.1:9/", "-t", "p95<<5ms");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'p95<<5ms' is not understood", run.Err);
    }

    [Fact]
    public void A_blackhole_with_a_2s_request_timeout_fails_within_seconds_naming_the_timeout_and_shows_no_latency()
    {
        // Accepts connections and never answers.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(100);
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = CliRunner.Invoke(Path.GetTempPath(), "load", url, "-n", "100", "-c", "1", "--timeout", "2s");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Failed:", run.Out);
        Assert.Contains("no request was answered within the 2 s timeout", run.Out);
        Assert.Contains("latency: no request completed", run.Out);
        Assert.DoesNotContain("p95 0", run.Out);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed.TotalSeconds:0} s, not about the 2 s timeout");
    }

    [Fact]
    public void A_port_with_nothing_listening_is_an_error_and_no_figures()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var run = CliRunner.Invoke(Path.GetTempPath(), "load", $"http://127.0.0.1:{port}/", "-c", "64", "--duration", "30s");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Error:", run.Out);
        Assert.Contains("after one connection attempt; no load was sent", run.Out);
        Assert.DoesNotContain("requests ", run.Out);
    }

    [Fact]
    public void Too_many_connections_name_the_real_limit()
    {
        var run = CliRunner.Invoke(Path.GetTempPath(), "load", "http://127.0.0.1:9/", "-c", "3000");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Connections must be from 1 to 2000, not 3000.", run.Err);
    }

    private sealed class LoadJson
    {
        public LoadTestResult summary { get; set; } = new();
        public CheckResult result { get; set; } = new();
    }
}
