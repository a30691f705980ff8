using System.Net;
using System.Net.Sockets;
using System.Text;
using Readiness.Core.Checklists;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Probing;

/// <summary>A server that answers 200 and then streams a body without end, as a broken /metrics exporter can.</summary>
public sealed class EndlessBodyServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private long _sent;

    public EndlessBodyServer(string contentType, string line)
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/metrics";
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, 2000)));
        _serving = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                _ = Task.Run(async () =>
                {
                    using (socket)
                    {
                        try
                        {
                            var request = new byte[8192];
                            await socket.ReceiveAsync(request, SocketFlags.None, _stop.Token);
                            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nConnection: close\r\n\r\n"), SocketFlags.None, _stop.Token);
                            while (!_stop.IsCancellationRequested)
                            {
                                await socket.SendAsync(chunk, SocketFlags.None, _stop.Token);
                                Interlocked.Add(ref _sent, chunk.Length);
                            }
                        }
                        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
                    }
                });
            }
        });
    }

    public string Url { get; }
    public long BytesSent => Interlocked.Read(ref _sent);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _serving; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

public sealed class ResponseBodyLimitTests
{
    private static ChecklistItem Item(string type, Dictionary<string, object?> parameters) =>
        new() { Id = "probe.body", Section = "S", Title = "t", Check = new CheckSpec { Type = type, Parameters = parameters } };

    private static RunEnvironment Environment(long limit) =>
        new(Path.GetTempPath(), environmentLookup: _ => null) { Timeout = TimeSpan.FromSeconds(20), MaxResponseBytes = limit };

    [Fact]
    public async Task An_endless_metrics_body_fails_on_its_size_instead_of_being_read_until_the_timeout()
    {
        await using var server = new EndlessBodyServer("text/plain; version=0.0.4", "http_requests_total{code=\"200\"} 1\n");
        var result = await CheckHarness.RunItemAsync(Item("metrics", new() { ["url"] = server.Url, ["timeout"] = "20s" }), Environment(1024 * 1024));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"The metrics from {server.Url}: The response body is larger than 1 MB, the limit for one response; it was not parsed. " +
                     "Raise settings.maxResponseMB in the checklist if the body is meant to be this large.", result.Message);
        Assert.DoesNotContain("malformed", result.Message);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("http")]
    public async Task An_endless_body_is_a_size_failure_for_every_check_that_reads_bodies(string type)
    {
        await using var server = new EndlessBodyServer("application/json", "{\"status\":\"ok\"}\n");
        var result = await CheckHarness.RunItemAsync(Item(type, new() { ["url"] = server.Url, ["timeout"] = "20s" }), Environment(2 * 1024 * 1024));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("The response body is larger than 2 MB", result.Message);
    }

    [Fact]
    public async Task Memory_stays_near_the_limit_whatever_the_server_sends()
    {
        await using var server = new EndlessBodyServer("text/plain", "x 1\n");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = await CheckHarness.RunItemAsync(Item("metrics", new() { ["url"] = server.Url }), Environment(4 * 1024 * 1024));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.True(server.BytesSent >= 4 * 1024 * 1024, $"the server sent {server.BytesSent} bytes");
        // Parsing allocates per sample, so this is generous; reading until the timeout allocated gigabytes.
        Assert.True(allocated < 400L * 1024 * 1024, $"the run allocated {allocated / (1024 * 1024)} MB for a 4 MB limit");
    }

    [Fact]
    public void The_limit_is_a_checklist_setting_and_round_trips()
    {
        var checklist = new ChecklistLoader().LoadText("""
            schemaVersion: 1
            name: body
            settings:
              maxResponseMB: 64
            items:
              - id: a.b
                section: S
                title: t
                severity: low
                check: { type: http, url: "http://127.0.0.1:9/" }
            """, "body.yaml");
        Assert.Equal(64, checklist.Settings.MaxResponseMB);
        Assert.Contains("maxResponseMB: 64", ChecklistYamlWriter.Write(checklist));
    }

    [Fact]
    public void A_limit_that_is_not_a_positive_whole_number_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ChecklistException>(() => new ChecklistLoader().LoadText("""
            schemaVersion: 1
            name: body
            settings:
              maxResponseMB: lots
            items: []
            """, "body.yaml"));
        Assert.Contains("maxResponseMB", error.Message);
    }
}
